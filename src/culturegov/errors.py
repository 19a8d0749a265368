"""One exception family. Every message names the file and says what to do."""
from __future__ import annotations


class CulturegovError(Exception):
    """Base of every error culturegov raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message

    def with_path(self, path: str | None) -> CulturegovError:
        """This error naming `path`, if it did not name a file yet (raised by a guard deep
        in a reader, which does not know the file's name)."""
        if self.path or not path:
            return self
        return type(self)(self.message, path=path)


class UnsupportedFormatError(CulturegovError):
    """The input is a format culturegov does not read (old .doc, images, other binaries)."""


class CorruptFileError(CulturegovError):
    """The file claims a format but cannot be read as it (truncated, damaged)."""


class EncryptedFileError(CulturegovError):
    """The file is password-protected."""


class NoTextLayerError(CulturegovError):
    """A PDF whose pages are images: it needs OCR first."""


class InputTooLargeError(CulturegovError):
    """The input exceeds a configured limit (bytes, pages, characters, inflated size)."""


class BudgetExceededError(InputTooLargeError):
    """A batch worker stopped reading a file: it took longer than the time budget per file,
    or needed more memory than the memory budget (culturegov convert --timeout/--max-memory)."""


class EmptyDocumentError(CulturegovError):
    """The input holds no text."""


class DecodingError(CulturegovError):
    """The bytes are not text in any encoding culturegov recognises."""


class RegistryError(CulturegovError):
    """A user-supplied agency registry file is invalid."""


class MissingDependencyError(CulturegovError):
    """An optional dependency (pandas, pyarrow, networkx, jieba) is not installed."""


class ConverterMissingError(MissingDependencyError):
    """A legacy Office file (.doc, .wps, .rtf) needs LibreOffice, which is not installed."""
