"""``python -m cjm`` works like ``cjm``."""

from cjm.cli import main

if __name__ == "__main__":
    main()
