"""Storage: tables, migrations, encryption at rest and the database plumbing; no rules of the product."""
