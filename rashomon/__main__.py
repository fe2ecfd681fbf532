"""``python -m rashomon`` runs the command line."""

from rashomon.cli import main

main()
