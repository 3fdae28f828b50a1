-- Ordway -> Salesforce billing sync: poller watermarks and the local mirror of invoice state that the overdue sweep,
-- the Account roll-ups and the collections steps work from. Portable between H2 (MODE=PostgreSQL) and PostgreSQL 15.

-- Highest Ordway updated_date whose records are all stored in the inbox; the next poll starts at it minus the overlap.
CREATE TABLE poll_watermark (
    poller     VARCHAR(64) PRIMARY KEY,
    watermark  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The last invoice version written to Salesforce, plus its collections state.
CREATE TABLE ordway_invoice_state (
    invoice_id           VARCHAR(32)   PRIMARY KEY,
    customer_id          VARCHAR(32)   NOT NULL,
    invoice_date         DATE,
    due_date             DATE,
    status               VARCHAR(32)   NOT NULL,
    amount               DECIMAL(18, 2) NOT NULL,
    balance              DECIMAL(18, 2) NOT NULL,
    currency             VARCHAR(3),
    pdf_url              VARCHAR(1000),
    updated_date         TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_payment_count INT           NOT NULL DEFAULT 0,
    -- Rank of the highest collections step opened (0 = none); steps are never reopened for the same invoice.
    collections_rank     INT           NOT NULL DEFAULT 0,
    collections_status   VARCHAR(40),
    open_task_key        VARCHAR(255)
);
CREATE INDEX ix_ordway_invoice_state_due ON ordway_invoice_state (due_date);
CREATE INDEX ix_ordway_invoice_state_customer ON ordway_invoice_state (customer_id);

CREATE TABLE ordway_customer_state (
    customer_id       VARCHAR(32) PRIMARY KEY,
    last_payment_date DATE
);
