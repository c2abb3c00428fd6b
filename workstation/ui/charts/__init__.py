"""Charts (pyqtgraph), each its own class fed plain data from workstation.services.queue."""
