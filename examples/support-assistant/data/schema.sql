-- Ticket database used by app/db.py. Create with: sqlite3 data/tickets.db < data/schema.sql
CREATE TABLE IF NOT EXISTS tickets (
    id          INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'refunded', 'closed')),
    amount      REAL NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE IF NOT EXISTS messages (
    id          INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);

INSERT INTO tickets (customer_id, subject, body, status, amount) VALUES
    ('C-1042', 'No internet since Monday', 'My line has been down since Monday morning, 4 days now.', 'open', 34.99),
    ('C-2210', 'Charged twice', 'I see two payments of 29.99 on 8 March.', 'open', 29.99),
    ('C-0977', 'Slow Wi-Fi', 'Speed drops to 2 Mbps every evening.', 'pending', 44.99);
