CREATE TABLE `bridge_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`alive_at` integer NOT NULL,
	`stopped_at` integer,
	`pid` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `interactions` ADD `interrupted` integer DEFAULT false NOT NULL;