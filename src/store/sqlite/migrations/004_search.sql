-- Full-text search over events (FTS5, external content: the text lives once, in events).
-- unicode61 folds case in every script (ru, uk, en titles alike). The triggers fire only when
-- the searched columns change, so taking seats (an UPDATE of `available`) costs nothing here.
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, movie_title,
    content = 'events', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (events_fts) VALUES ('rebuild');

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description, movie_title)
    VALUES (new.id, new.title, new.description, new.movie_title);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, movie_title)
    VALUES ('delete', old.id, old.title, old.description, old.movie_title);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description, movie_title ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, movie_title)
    VALUES ('delete', old.id, old.title, old.description, old.movie_title);
    INSERT INTO events_fts (rowid, title, description, movie_title)
    VALUES (new.id, new.title, new.description, new.movie_title);
END;
