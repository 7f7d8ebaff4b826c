#!/usr/bin/env python
from twintowns.cli import main

if __name__ == "__main__":
    main()
