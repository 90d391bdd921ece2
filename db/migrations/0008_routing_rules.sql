CREATE TABLE `routing_rule_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` integer,
	`status` text NOT NULL,
	`document` text NOT NULL,
	`note` text,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`published_by` integer,
	`published_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `routing_rule_sets_version_unique` ON `routing_rule_sets` (`version`);--> statement-breakpoint
CREATE INDEX `routing_rule_sets_status_idx` ON `routing_rule_sets` (`status`,`version`);--> statement-breakpoint
ALTER TABLE `interactions` ADD `attached_data` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `attached_dropped` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `rule_set_version` integer;--> statement-breakpoint
ALTER TABLE `interactions` ADD `rule_id` text;