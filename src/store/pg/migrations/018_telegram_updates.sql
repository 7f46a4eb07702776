-- The scheduler forgets inbound update ids after a week (core/tgbot.h TGBOT_UPDATE_KEEP):
-- its DELETE finds them by the time they came.
CREATE INDEX telegram_updates_received ON telegram_updates (received_at);
