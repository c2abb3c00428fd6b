"""Weight proposals (动态调整): the table and the current-against-implied chart."""
