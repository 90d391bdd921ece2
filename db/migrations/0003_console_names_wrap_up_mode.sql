ALTER TABLE `interactions` ADD `wrap_up_end` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `name_zh` text;--> statement-breakpoint
ALTER TABLE `queues` ADD `wrap_up_mode` text DEFAULT 'auto-close' NOT NULL;--> statement-breakpoint
ALTER TABLE `service_numbers` ADD `label_zh` text;--> statement-breakpoint
UPDATE `queues` SET `name_zh` = (SELECT `name_zh` FROM `business_types` WHERE `business_types`.`code` = `queues`.`code` AND `business_types`.`name_en` = `queues`.`name`) WHERE `name_zh` IS NULL;--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '销售热线 (美国)' WHERE `e164` = '+18005550100' AND `label` = 'Sales hotline (US)';--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '客户服务 (美国)' WHERE `e164` = '+18005550101' AND `label` = 'Customer service (US)';--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '投诉热线 (美国)' WHERE `e164` = '+18005550102' AND `label` = 'Complaints line (US)';--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '账务 (美国)' WHERE `e164` = '+18005550103' AND `label` = 'Billing (US)';--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '销售热线 (中国)', `label` = 'Sales hotline (CN)' WHERE `e164` = '+864008200100' AND `label` = '销售热线 (CN)';--> statement-breakpoint
UPDATE `service_numbers` SET `label_zh` = '投诉热线 (中国)', `label` = 'Complaints line (CN)' WHERE `e164` = '+864008200102' AND `label` = '投诉热线 (CN)';
