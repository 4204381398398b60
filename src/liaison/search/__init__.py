"""Search across everything Liaison holds, ranked, in the reader's language (issue 13)."""
