"""Answers for forms that work in place: JSON when the page's script sent them (the page stays as it
is), otherwise a flashed message and a redirect back to the page they came from."""
import re

from flask import flash, jsonify, redirect, request

# A page of ours, never another site: practice and feedback pages, or a review page with its filter and item.
SAFE_NEXT = re.compile(r"/(practice|feedback)/[A-Za-z0-9/_.-]*|/exams/attempts/\d+/result(\?[a-z]+=[A-Za-z0-9_]+(&[a-z]+=[A-Za-z0-9_]+)*)?(#r\d+)?")


def back_to(fallback: str) -> str:
    target = request.form.get("next", "")
    return target if SAFE_NEXT.fullmatch(target) and ".." not in target else fallback


def done(result: dict, fallback: str, status: int = 200):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(result), status
    flash(result["message"], "success" if status == 200 else "danger")
    return redirect(back_to(fallback))
