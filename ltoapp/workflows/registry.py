"""The app's workflows, loaded and checked once at start-up."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from ltoapp.workflows.engine import DEFINITIONS_DIR, Workflow, load_workflows

EXTENSION_KEY = "ltoapp.workflows"


def init_app(app: Flask) -> None:
    """Load the shipped workflows and any in ``WORKFLOW_DIRECTORIES``.

    They are read in the programme's words (``LABELS``), so every page,
    record, export and email made from them is too.
    """
    directories = [DEFINITIONS_DIR] + [
        Path(directory) for directory in app.config.get("WORKFLOW_DIRECTORIES", ())
    ]
    app.extensions[EXTENSION_KEY] = load_workflows(directories, app.config["LABELS"])


def current_workflows() -> dict[str, Workflow]:
    """Return every workflow of the running app, in order."""
    return current_app.extensions[EXTENSION_KEY]


def workflow_named(key: str) -> Workflow | None:
    """Return the workflow with this key, if the app has it."""
    return current_workflows().get(key)
