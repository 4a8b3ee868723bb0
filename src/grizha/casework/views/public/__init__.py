"""Casework's public pages (Bulgarian at /, English at /en/), one module per journey: asking for a home
visit or a call back, booking an appointment, and a receiver's answer to a referral."""
