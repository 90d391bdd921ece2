CREATE TABLE `queue_thresholds` (
	`queue_id` integer PRIMARY KEY NOT NULL,
	`sl_good` real NOT NULL,
	`sl_warn` real NOT NULL,
	`wait_good_sec` integer NOT NULL,
	`wait_warn_sec` integer NOT NULL,
	`abandon_good` real NOT NULL,
	`abandon_warn` real NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
