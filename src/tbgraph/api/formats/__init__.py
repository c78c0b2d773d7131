"""Representations the server writes besides JSON: content negotiation, the iCalendar deadline feed and
the SPARQL service description."""
