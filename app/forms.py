"""Forms shared by several features."""
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button-only form: carries the CSRF token for POST actions such as delete or retire."""
