"""The Pantau TPPO Dash application: pages, components and callbacks."""
