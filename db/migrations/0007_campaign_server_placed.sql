ALTER TABLE `campaigns` ADD `server_placed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_message` text;