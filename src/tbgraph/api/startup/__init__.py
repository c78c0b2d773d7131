"""The server's start-up: ``sequence`` runs it top to bottom (open the data, take or make the SHACL
verdict, fall back on the last good data, start the query workers); the other modules are its steps."""
