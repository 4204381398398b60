"""Decision-document parser: framework-free, from a file or text to preamble, operative paragraphs,
mandates and references. Imports no Django."""

from .model import DocumentError
from .parse import document_parse, text_parse

__all__ = ["DocumentError", "document_parse", "text_parse"]
