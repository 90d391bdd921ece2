CREATE TABLE `queue_callbacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue_id` integer NOT NULL,
	`e164` text NOT NULL,
	`raw` text NOT NULL,
	`source` text NOT NULL,
	`arrived_at` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`customer_id` integer,
	`original_interaction_id` integer,
	`callback_interaction_id` integer,
	`call_attempt_id` integer,
	`agent_id` integer,
	`outcome` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`callback_interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_attempt_id`) REFERENCES `call_attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `queue_callbacks_queue_state_idx` ON `queue_callbacks` (`queue_id`,`state`,`arrived_at`);--> statement-breakpoint
CREATE INDEX `queue_callbacks_e164_idx` ON `queue_callbacks` (`e164`,`requested_at`);--> statement-breakpoint
CREATE TABLE `queue_holidays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_holidays_queue_date_idx` ON `queue_holidays` (`queue_id`,`date`);--> statement-breakpoint
ALTER TABLE `interactions` ADD `routing_rule` text;--> statement-breakpoint
ALTER TABLE `interactions` ADD `routing_decision` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `sla_target_percent` integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `max_wait_action` text DEFAULT 'after-hours' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `max_wait_queue_id` integer;--> statement-breakpoint
ALTER TABLE `queues` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `opening_hours` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `after_hours_action` text DEFAULT 'refuse' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `after_hours_reason` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `tier_order` text DEFAULT '["A","B","C"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `queues` ADD `callbacks_enabled` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `languages` text DEFAULT '["en"]' NOT NULL;