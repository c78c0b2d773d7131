"""The named questions: the users' questions as ``.rq`` files with a header, what a person types
resolved to the resource meant, and a question restricted to some letters."""
