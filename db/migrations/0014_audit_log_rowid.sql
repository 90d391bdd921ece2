PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`subject` text,
	`decision` text NOT NULL,
	`reason` text,
	`details` text
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "at", "actor_user_id", "action", "subject", "decision", "reason", "details") SELECT "id", "at", "actor_user_id", "action", "subject", "decision", "reason", "details" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);