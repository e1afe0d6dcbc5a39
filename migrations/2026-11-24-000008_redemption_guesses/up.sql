-- Unknown link codes presented per end-user address: the guessing throttle, shared by every
-- replica. Rows older than the throttle's window are purged by the maintenance worker.
CREATE TABLE redemption_guesses (
    id         BIGSERIAL PRIMARY KEY,
    address    TEXT NOT NULL,
    guess_time TIMESTAMPTZ NOT NULL
);

CREATE INDEX redemption_guesses_address_idx ON redemption_guesses (address, guess_time);
CREATE INDEX redemption_guesses_time_idx ON redemption_guesses (guess_time);
