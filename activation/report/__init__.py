"""`trig report`: one self-contained HTML file built from the warehouse's marts."""
