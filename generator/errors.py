"""The generator's one error: the client cannot be generated; the message says where and why."""


class GenerationError(Exception):
    """The client cannot be generated from this spec; the message says where and why."""
