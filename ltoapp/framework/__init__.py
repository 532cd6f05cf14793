"""The ten-question framework of the 2022 research report and its analysis."""

from ltoapp.framework.definition import (
    Column,
    Framework,
    FrameworkError,
    Group,
    Question,
    load_framework,
)

__all__ = [
    "Column",
    "Framework",
    "FrameworkError",
    "Group",
    "Question",
    "load_framework",
]
