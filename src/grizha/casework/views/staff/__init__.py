"""The front office's pages under /staff/, one module per part of the work. Every view is gated by
`staff_required` and reads through selectors that take the member's StaffScope."""
