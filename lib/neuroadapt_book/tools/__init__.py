"""Build helpers of the book, run as ``python -m neuroadapt_book.tools.<name>``."""
