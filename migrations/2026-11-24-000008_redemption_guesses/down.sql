DROP TABLE redemption_guesses;
