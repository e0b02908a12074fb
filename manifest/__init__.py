"""The Teams app package: manifest, localisation, icons. Build with `python -m manifest.package`."""
