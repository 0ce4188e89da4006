"""A process that starts and prints nothing: MockProcess's start-up deadline must still hold."""

import time

if __name__ == "__main__":
    time.sleep(600)
