from publisher.accessor import current


def publisher(request):
    """`publisher` in every template: its name, service name, partners, contact."""
    return {"publisher": current()}
