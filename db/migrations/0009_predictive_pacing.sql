CREATE TABLE `pacing_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`at` integer NOT NULL,
	`launch` integer NOT NULL,
	`placed` integer NOT NULL,
	`mode` text NOT NULL,
	`reason` text NOT NULL,
	`inputs` text NOT NULL,
	`figures` text NOT NULL,
	`budget` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pacing_decisions_campaign_idx` ON `pacing_decisions` (`campaign_id`,`at`);--> statement-breakpoint
ALTER TABLE `call_attempts` ADD `message_played` integer DEFAULT false NOT NULL;