"""The case detail panel shown beside the queue."""
