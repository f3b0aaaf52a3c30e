"""The shared kernel of Kokebok: the form kit, the e-mail queue, abuse guards, languages, the
staff rule, word diffs and the template filters. It imports no other app of the project; every
app may import it."""
