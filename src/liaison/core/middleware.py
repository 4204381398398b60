"""Request guards shared by every page and API route."""

from __future__ import annotations

from django.http import HttpResponseBadRequest


class NulCharacterGuard:
    """Refuse query strings and form fields holding NUL characters with a 400, whatever the database.

    SQLite stores them silently; PostgreSQL refuses them with an error deep inside a query. Refusing them at
    the door gives the same clear answer on both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return HttpResponseBadRequest("The address contains a NUL character, which Liaison does not accept.",
                                          content_type="text/plain; charset=utf-8")
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in value for values in request.POST.lists() for value in values[1]
        ):
            return HttpResponseBadRequest("A form field contains a NUL character, which Liaison does not accept.",
                                          content_type="text/plain; charset=utf-8")
        if request.content_type == "application/json" and b"\\u0000" in request.body:
            return HttpResponseBadRequest('{"detail": "A value contains a NUL character, which Liaison does not '
                                          'accept."}', content_type="application/json")
        return self.get_response(request)
