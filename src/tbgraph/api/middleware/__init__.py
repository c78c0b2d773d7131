"""What stands between the socket and the routes: the HTTP/1.1 protocol with a head time limit, HEAD as
GET, allowed hosts, security headers, metrics and the access log, and the kept, compressed answers."""
