-- Seed: an infusion pump drive sub-assembly and the final pump assembly that installs it.
-- Both RELEASED, so the gate has routes from the first start.

INSERT INTO product (product_id, name, description) VALUES
 ('IP-200-SUB', 'Infusion pump drive sub-assembly', 'Stepper drive, gearbox and sealed pumping head'),
 ('IP-200-FINAL', 'Volumetric infusion pump IP-200', 'Final assembly: housing, drive sub-assembly, electronics, display');

-- IP-200-SUB rev A: 6 steps.
INSERT INTO route_revision (product_id, revision, status, released_at, max_entry_lag_ms) VALUES
 ('IP-200-SUB', 'A', 'DRAFT', NULL, 300000);
INSERT INTO route_step (product_id, revision, step_id, sequence, name, max_duration_ms, min_wait_after_previous_ms, max_wait_after_previous_ms) VALUES
 ('IP-200-SUB', 'A', '10-MOUNT-DRIVE', 1, 'Mount stepper drive on chassis', 1200000, NULL, NULL),
 ('IP-200-SUB', 'A', '20-GEARBOX',     2, 'Fit gearbox and grease', 900000, NULL, NULL),
 ('IP-200-SUB', 'A', '30-SEAL',        3, 'Bond pumping head seal', 900000, NULL, 1800000),
 ('IP-200-SUB', 'A', '40-LEAK-TEST',   4, 'Pumping head leak test', 600000, 600000, NULL),
 ('IP-200-SUB', 'A', '50-LABEL',       5, 'Apply UDI label', 300000, NULL, NULL),
 ('IP-200-SUB', 'A', '60-QA-RELEASE',  6, 'Quality release of sub-assembly', NULL, NULL, NULL);
INSERT INTO step_scan (product_id, revision, step_id, part, tracking, qty) VALUES
 ('IP-200-SUB', 'A', '10-MOUNT-DRIVE', 'DRV-100', 'SERIALIZED', 1),
 ('IP-200-SUB', 'A', '10-MOUNT-DRIVE', 'SCREW-M3x8', 'LOT', 4),
 ('IP-200-SUB', 'A', '20-GEARBOX', 'GBX-20', 'SERIALIZED', 1),
 ('IP-200-SUB', 'A', '20-GEARBOX', 'GREASE-7', 'LOT', 1),
 ('IP-200-SUB', 'A', '30-SEAL', 'ORING-12', 'LOT', 2),
 ('IP-200-SUB', 'A', '30-SEAL', 'ADH-UV-3', 'LOT', 1),
 ('IP-200-SUB', 'A', '50-LABEL', 'LBL-UDI', 'LOT', 1);
INSERT INTO step_measurement (product_id, revision, step_id, characteristic, unit, lsl, usl, source) VALUES
 ('IP-200-SUB', 'A', '10-MOUNT-DRIVE', 'torque-M3-drive', 'Nm', 1.0, 1.4, 'DEVICE'),
 ('IP-200-SUB', 'A', '20-GEARBOX', 'backlash', 'deg', NULL, 0.5, 'ANY'),
 ('IP-200-SUB', 'A', '40-LEAK-TEST', 'leak-rate', 'mbar*l/s', NULL, 0.005, 'DEVICE'),
 ('IP-200-SUB', 'A', '40-LEAK-TEST', 'pressure-decay', 'Pa', NULL, 40, 'DEVICE');
INSERT INTO step_signature (product_id, revision, step_id, meaning, role) VALUES
 ('IP-200-SUB', 'A', '60-QA-RELEASE', 'APPROVED', 'QUALITY_INSPECTOR');
UPDATE route_revision SET status = 'RELEASED', released_at = now()
 WHERE product_id = 'IP-200-SUB' AND revision = 'A';

-- IP-200-FINAL rev C: 8 steps; installs one IP-200-SUB.
INSERT INTO route_revision (product_id, revision, status, released_at, max_entry_lag_ms) VALUES
 ('IP-200-FINAL', 'C', 'DRAFT', NULL, 300000);
INSERT INTO route_step (product_id, revision, step_id, sequence, name, max_duration_ms, min_wait_after_previous_ms, max_wait_after_previous_ms) VALUES
 ('IP-200-FINAL', 'C', '10-HOUSING',        1, 'Prepare rear housing', 600000, NULL, NULL),
 ('IP-200-FINAL', 'C', '20-INSTALL-DRIVE',  2, 'Install drive sub-assembly', 900000, NULL, NULL),
 ('IP-200-FINAL', 'C', '30-PCB',            3, 'Install main PCB', 900000, NULL, NULL),
 ('IP-200-FINAL', 'C', '40-DISPLAY',        4, 'Install display and keypad', 600000, NULL, NULL),
 ('IP-200-FINAL', 'C', '50-CLOSE-HOUSING',  5, 'Close housing', 600000, NULL, 14400000),
 ('IP-200-FINAL', 'C', '60-LEAK-TEST',      6, 'Ingress (IP33) leak test', 600000, NULL, NULL),
 ('IP-200-FINAL', 'C', '70-FUNCTIONAL',     7, 'Flow accuracy and occlusion test', 1800000, NULL, NULL),
 ('IP-200-FINAL', 'C', '80-QA-RELEASE',     8, 'Final QA release (DHR review)', NULL, NULL, NULL);
INSERT INTO step_scan (product_id, revision, step_id, part, tracking, qty) VALUES
 ('IP-200-FINAL', 'C', '10-HOUSING', 'HSG-200-REAR', 'SERIALIZED', 1),
 ('IP-200-FINAL', 'C', '20-INSTALL-DRIVE', 'IP-200-SUB', 'SERIALIZED', 1),
 ('IP-200-FINAL', 'C', '30-PCB', 'PCB-MAIN-4', 'SERIALIZED', 1),
 ('IP-200-FINAL', 'C', '30-PCB', 'SCREW-M2x5', 'LOT', 4),
 ('IP-200-FINAL', 'C', '40-DISPLAY', 'DSP-35', 'SERIALIZED', 1),
 ('IP-200-FINAL', 'C', '50-CLOSE-HOUSING', 'HSG-200-FRONT', 'SERIALIZED', 1),
 ('IP-200-FINAL', 'C', '50-CLOSE-HOUSING', 'GASKET-200', 'LOT', 1);
INSERT INTO step_measurement (product_id, revision, step_id, characteristic, unit, lsl, usl, source) VALUES
 ('IP-200-FINAL', 'C', '20-INSTALL-DRIVE', 'torque-M4-drive', 'Nm', 1.8, 2.2, 'DEVICE'),
 ('IP-200-FINAL', 'C', '30-PCB', 'torque-M2-pcb', 'Nm', 0.3, 0.45, 'DEVICE'),
 ('IP-200-FINAL', 'C', '50-CLOSE-HOUSING', 'torque-M4-cover', 'Nm', 1.8, 2.2, 'DEVICE'),
 ('IP-200-FINAL', 'C', '60-LEAK-TEST', 'leak-rate', 'mbar*l/s', NULL, 0.01, 'DEVICE'),
 ('IP-200-FINAL', 'C', '70-FUNCTIONAL', 'flow-accuracy', '%', -5, 5, 'DEVICE'),
 ('IP-200-FINAL', 'C', '70-FUNCTIONAL', 'occlusion-pressure', 'kPa', 70, 110, 'ANY');
INSERT INTO step_signature (product_id, revision, step_id, meaning, role) VALUES
 ('IP-200-FINAL', 'C', '70-FUNCTIONAL', 'PERFORMED', 'TEST_TECHNICIAN'),
 ('IP-200-FINAL', 'C', '80-QA-RELEASE', 'APPROVED', 'QUALITY_INSPECTOR');
UPDATE route_revision SET status = 'RELEASED', released_at = now()
 WHERE product_id = 'IP-200-FINAL' AND revision = 'C';
