"""Error pages in Chinese; JSON clients get JSON. No stack trace ever reaches a user."""
from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

MESSAGES = {
    400: ("请求有误", "提交的内容不完整或格式不正确，请检查后重试。"),
    401: ("需要登录", "请先登录后再访问此页面。"),
    403: ("没有权限", "您的账号没有访问此页面的权限。"),
    404: ("页面不存在", "您要找的页面不存在，可能已被删除或地址有误。"),
    405: ("操作不允许", "此页面不支持该操作。"),
    409: ("内容冲突", "您提交的内容与现有数据冲突，请刷新后重试。"),
    413: ("文件太大", "上传的内容超过了大小限制，请缩小后重试。"),
    429: ("操作太频繁", "您的操作过于频繁，请稍等一分钟后再试。"),
    500: ("服务器出错了", "服务器暂时无法完成请求，我们已记录此问题，请稍后再试。"),
    503: ("服务暂不可用", "服务暂时不可用，请稍后再试。"),
}


def wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")


def error_response(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return jsonify(error=title, message=detail or message), code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_response(400, "页面已过期或缺少安全令牌（CSRF），请刷新页面后重新提交。")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code and error.code < 400:
            return error
        return error_response(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        app.logger.exception("Unhandled error on %s", request.path)
        db.session.rollback()
        return error_response(InternalServerError.code)
