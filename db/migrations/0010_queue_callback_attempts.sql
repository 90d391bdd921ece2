ALTER TABLE `queue_callbacks` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `queue_callbacks` ADD `next_attempt_at` integer;