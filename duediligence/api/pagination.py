from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class IdCursorPagination(CursorPagination):
    """Pages by an opaque cursor on the primary key: stable while rows are added, one query per page."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request: Request) -> Cursor | None:
        # DRF answers a mangled cursor with 404, which reads as "no such assessment"; it is a bad query: 400.
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {"cursor": "Not a cursor from this API: follow the next and previous links."}
            ) from None
