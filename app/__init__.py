"""Application factory: connects configuration, extensions, blueprints and commands, nothing else."""
import os
from collections.abc import Mapping

from flask import Flask

from config import CONFIGS, Config


def create_app(config: str | type[Config] | None = None, overrides: Mapping | None = None) -> Flask:
    """`config` is a name from config.CONFIGS or a Config class; default: $APP_CONFIG or development."""
    app = Flask(__name__)
    config_class = config if isinstance(config, type) else CONFIGS[config or os.environ.get("APP_CONFIG", "development")]
    app.config.from_object(config_class)
    app.config.update(overrides or {})
    config_class.init_app(app)

    from app import assets, beijing, cli, converters, errors, guards, monitoring, security
    converters.register(app)
    guards.register(app)
    _init_extensions(app)
    assets.register(app)
    _register_blueprints(app)

    beijing.register(app)
    errors.register(app)
    monitoring.register(app)
    security.register(app)
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (registers every table on the metadata)
    from app.auth.loader import load_user
    from app.extensions import bootstrap, compress, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    mail.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.auth.recovery_routes import bp as recovery_bp
    from app.auth.routes import bp as auth_bp
    from app.cohorts.roster_routes import bp as roster_bp
    from app.cohorts.routes import bp as cohorts_bp
    from app.content.routes import bp as content_bp
    from app.core.routes import bp as core_bp
    from app.exams.api import bp as exam_api_bp
    from app.exams.manage_routes import bp as exam_admin_bp
    from app.exams.routes import bp as exams_bp
    from app.feedback.routes import bp as feedback_bp
    from app.practice.routes import bp as practice_bp
    from app.progress.routes import bp as progress_bp
    from app.reports.routes import bp as reports_bp
    from app.questions.routes import bp as questions_bp
    from app.transfer.routes import bp as transfer_bp

    for bp in (core_bp, auth_bp, recovery_bp, cohorts_bp, roster_bp, admin_bp, content_bp, questions_bp, transfer_bp, practice_bp,
               exams_bp, exam_api_bp, exam_admin_bp, progress_bp, reports_bp, feedback_bp):
        app.register_blueprint(bp)
