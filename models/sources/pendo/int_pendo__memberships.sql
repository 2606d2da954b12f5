{{ config(enabled=trig.trig_source_enabled('pendo')) }}
{#- Visitor <-> account links from Pendo's visitor_account_history. -#}

select
    'pendo' as source,
    visitor_id as person_record_id,
    account_id as organisation_record_id,
    member_since
from {{ ref('stg_pendo__visitor_accounts') }}
