"""The one exception type users can meet: its message is Vietnamese and shown as is."""


class AssistantError(Exception):
    """An error a user can fix or understand; `str(error)` is the Vietnamese message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
