CREATE TABLE `call_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer,
	`campaign_id` integer,
	`interaction_id` integer,
	`agent_id` integer,
	`e164` text NOT NULL,
	`outcome` text,
	`block_codes` text,
	`started_at` integer NOT NULL,
	`answered_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_attempts_lead_idx` ON `call_attempts` (`lead_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_attempts_campaign_idx` ON `call_attempts` (`campaign_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_attempts_number_idx` ON `call_attempts` (`e164`,`started_at`);--> statement-breakpoint
CREATE TABLE `campaign_agents` (
	`campaign_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `user_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_agents_user_idx` ON `campaign_agents` (`user_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`business_type_id` integer,
	`mode` text NOT NULL,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`rules` text NOT NULL,
	`max_attempts` integer NOT NULL,
	`max_attempts_per_day` integer NOT NULL,
	`retry_delays_sec` text NOT NULL,
	`ring_time_sec` integer DEFAULT 20 NOT NULL,
	`caller_id` text,
	`script` text DEFAULT '' NOT NULL,
	`disposition_codes` text DEFAULT '[]' NOT NULL,
	`skill_business_type_id` integer,
	`abandon_target` real DEFAULT 0.03 NOT NULL,
	`abandon_window_hours` integer DEFAULT 720 NOT NULL,
	`max_lines` integer DEFAULT 1 NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer,
	`stopped_at` integer,
	FOREIGN KEY (`business_type_id`) REFERENCES `business_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`skill_business_type_id`) REFERENCES `business_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_name_unique` ON `campaigns` (`name`);--> statement-breakpoint
CREATE TABLE `dnc_registries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`file_name` text NOT NULL,
	`numbers` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`imported_by` integer,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dnc_registries_name_unique` ON `dnc_registries` (`name`);--> statement-breakpoint
CREATE TABLE `lead_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`rejected` integer NOT NULL,
	`linked_customers` integer NOT NULL,
	`rejected_rows` text DEFAULT '[]' NOT NULL,
	`imported_by` integer,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lead_imports_campaign_idx` ON `lead_imports` (`campaign_id`,`imported_at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`e164` text NOT NULL,
	`raw` text NOT NULL,
	`fields` text NOT NULL,
	`time_zones` text NOT NULL,
	`time_zone_source` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`attempts_today` integer DEFAULT 0 NOT NULL,
	`attempts_day` text,
	`next_attempt_at` integer,
	`last_attempt_at` integer,
	`last_outcome` text,
	`customer_id` integer,
	`import_id` integer,
	`import_line` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `lead_imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_campaign_number_idx` ON `leads` (`campaign_id`,`e164`);--> statement-breakpoint
CREATE INDEX `leads_queue_idx` ON `leads` (`campaign_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `leads_e164_idx` ON `leads` (`e164`);--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `campaign_id` integer;--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `lead_id` integer;--> statement-breakpoint
CREATE INDEX `dnc_entries_campaign_idx` ON `dnc_entries` (`campaign_id`,`e164`);