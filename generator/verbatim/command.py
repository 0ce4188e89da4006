"""The `zenlayer-vm` console script: the command line needs the `cli` extra (click and Rich), which a
library user may not have; without it the script says what to install instead of a traceback.
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import sys


def main() -> None:
    """The console script's entry point."""
    try:
        # Imported here, not at the top: the extra may be missing.
        from zenlayer_vm_client.cli import main as run
    except ImportError as error:
        missing = getattr(error, "name", None) or "click"
        print(
            f"zenlayer-vm needs the client's `cli` extra ({missing} is missing): pip install 'zenlayer-vm-client[cli]'",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    run()
