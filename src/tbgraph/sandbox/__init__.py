"""The query sandbox: untrusted SPARQL checked on a complete parse and run in worker processes that cannot
reach the network, under a time limit that kills. Used by the server and the command line alike, so
it imports neither the web stack nor the server."""
