"""Engine-specific schema of the index, shared by the migration and
`masthead reindex` (which recreates SQLite's FTS table rather than deleting
100,000 rows one by one).

SQLite: an external-content FTS5 table over search_entry, rowid = rank_key.
Tokenizer: unicode61 with the mark categories (M*) as word characters, so
Bengali vowel signs, virama and nukta stay inside the word, and porter on top
for English stems (it leaves non-ASCII words alone). The rows are written by
index.py, not by triggers, so a rebuild can empty it in one statement.

PostgreSQL: `document` is built from words split in Python (text.words),
never by the server's parser, whose treatment of combining marks follows the
database's locale. English words are stemmed by the `english_stem` Snowball
dictionary (what the `english` configuration uses); other words are kept as
they are. Title words weigh A, standfirst B, body D; filters are lexemes
starting with "_" (a word from text.words never contains one).
"""

FTS_TOKENIZER = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts USING fts5("
    "title, standfirst, body, facets, content='search_entry', "
    f"content_rowid='rank_key', tokenize=\"{FTS_TOKENIZER}\")",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_entry_fts"]

POSTGRES_CREATE = [
    "ALTER TABLE search_entry ADD COLUMN document tsvector NOT NULL "
    "DEFAULT ''::tsvector",
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
    """
    CREATE OR REPLACE FUNCTION masthead_search_lexemes(words text[])
    RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT lexeme), '{}')
        FROM (
            SELECT CASE WHEN word ~ '^[a-z]+$'
                THEN coalesce((ts_lexize('english_stem', word))[1], word)
                ELSE word END AS lexeme
            FROM unnest(words) AS word
        ) AS stemmed
        WHERE lexeme <> ''
    $$
    """,
    # Weighted lexemes at position 1, built as tsvector text (no parser);
    # array_to_tsvector would drop the weights, which live on positions.
    """
    CREATE OR REPLACE FUNCTION masthead_search_vector(words text[], weight text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(
            string_agg(quote_literal(lexeme) || ':1' || weight, ' '), ''
        )::tsvector
        FROM unnest(masthead_search_lexemes(words)) AS lexeme
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION masthead_search_query(words text[], facets text[])
    RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_to_string(
            ARRAY(SELECT quote_literal(lexeme) FROM unnest(
                masthead_search_lexemes(words) || facets) AS lexeme),
            ' & ')::tsquery
    $$
    """,
]
POSTGRES_DROP = [
    "DROP FUNCTION IF EXISTS masthead_search_vector(text[], text)",
    "DROP FUNCTION IF EXISTS masthead_search_query(text[], text[])",
    "DROP FUNCTION IF EXISTS masthead_search_lexemes(text[])",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
]

# The document of one row, from word arrays (title, standfirst, body) and
# the facet lexemes.
POSTGRES_DOCUMENT = (
    "masthead_search_vector(%s::text[], 'A')"
    " || masthead_search_vector(%s::text[], 'B')"
    " || masthead_search_vector(%s::text[], 'D')"
    " || array_to_tsvector(%s::text[])"
)


def create(schema_editor) -> None:
    _run(schema_editor, SQLITE_CREATE, POSTGRES_CREATE)


def drop(schema_editor) -> None:
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


def _run(schema_editor, sqlite, postgres) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
