"""Entry point: `python main.py` starts the GUI, `python main.py COMMAND` runs a headless command."""
import sys

from workstation.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # in the built program, notice workers start as this executable
    sys.exit(main())
