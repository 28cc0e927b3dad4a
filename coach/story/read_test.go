package story

import (
	"testing"
	"time"
)

// now is a fixed Sunday used by the reader's tests.
var now = time.Date(2026, time.December, 6, 12, 0, 0, 0, time.UTC)

func TestReadShapes(t *testing.T) {
	tests := []struct {
		story              string
		prospect, company  string
		followUps, days    int
		channel            string
		dateKind, dateWhen string // dateWhen as 2006-01-02
	}{
		{"Marcus Lee, VP Finance at Brightline Health, said on our intro call the close takes too long. Emailed him twice since.", "Marcus Lee", "Brightline Health", 2, -1, "email", "", ""},
		{"Procurement at Orion Retail (Nadia) stopped answering after the security review.", "Nadia", "Orion Retail", -1, -1, "", "", ""},
		{"Last heard from Tom 24 days ago.", "Tom", "", -1, 24, "", "", ""},
		{"Demo with Sam Patel (Head of RevOps, Loomly) went well, then nothing.", "Sam Patel", "Loomly", -1, -1, "", "", ""},
		{"Priya Nair, our champion at Fernhill Bank, went quiet.", "Priya Nair", "Fernhill Bank", -1, -1, "", "", ""},
		{"Ahmed (Director of IT at Northwind Traders) has gone dark.", "Ahmed", "Northwind Traders", -1, -1, "", "", ""},
		{"Loomly's Head of RevOps, Sam Patel, loved the pilot.", "Sam Patel", "Loomly", -1, -1, "", "", ""},
		{"our contact at Vexa, Joon, hasn't replied.", "Joon", "Vexa", -1, -1, "", "", ""},
		{"Carla from Tidewater liked the demo. emailed Carla 7 times since.", "Carla", "Tidewater", 7, -1, "email", "", ""},
		{"She went quiet after the Nov 12 call. I emailed her once after that.", "", "", 1, 24, "email", "", ""},
		{"We had 3 calls and a demo, then she went dark.", "", "", -1, -1, "", "", ""},
		{"Sent 5 cold emails to the VP Finance at Acme Corp.", "", "Acme Corp", 5, -1, "email", "", ""},
		{"Left three voicemails for their CFO.", "", "", 3, -1, "phone", "", ""},
		{"I haven't followed up yet.", "", "", 0, -1, "", "", ""},
		{"texted her twice, nothing.", "", "", 2, -1, "text", "", ""},
		{"No reply for 24 days.", "", "", -1, 24, "", "", ""},
		{"He's been silent for six weeks.", "", "", -1, 42, "", "", ""},
		{"Last reply 2 months ago.", "", "", -1, 60, "", "", ""},
		{"Nothing over the past month.", "", "", -1, 30, "", "", ""},
		{"We had a great demo on March 3 and she has been quiet for 24 days.", "", "", -1, 24, "", "", ""},
		{"Contract ends 2027-03-31.", "", "", -1, -1, "", DateContractEnd, "2027-03-31"},
		{"Budgets are frozen until Q3.", "", "", -1, -1, "", DateBudget, "2027-07-01"},
		{"They have an audit in January.", "", "", -1, -1, "", DateAudit, "2027-01-01"},
		{"They renewed with Gong for two years in October.", "", "", -1, -1, "", DateContractEnd, "2028-10-01"},
		{"Tuesday she said to call back in a week; Friday I left a voicemail.", "", "", 1, 5, "phone", "", ""},
		// A count that refers back to the sends, and a count the rep keeps.
		{"Kenji at Harbor Freightlines has ignored my InMails. 4 of them since the trade show on Oct 14.", "Kenji", "Harbor Freightlines", 4, 53, "linkedin", "", ""},
		{"my touch count with Odile is at 3, all calls. she went quiet after the Oct 30 walkthrough.", "Odile", "", 3, 37, "phone", "", ""},
		// Logs: a German date's closing dot; a person opening the entry
		// with their own email; a dialer export, not a chat.
		{"- 02.11. Termin beim Kunden, gute Demo\n- 05.11. Angebot per Mail geschickt\n- 12.11. Anruf, Mailbox", "", "", 2, 34, "phone", "", ""},
		{"Oct 20 - demo with Priyanka\nOct 27 - Priyanka emailed: \"send the security pack\"\nOct 28 - sent the security pack\nNov 10 - called, no answer", "Priyanka", "", 2, 40, "phone", "", ""},
		{"Contact: Ravi Menon (Kestrel Foods)\n02/12/2026 10:01  outbound  no answer   0:00\n27/11/2026 14:30  outbound  voicemail   0:25\n20/11/2026 11:00  inbound   answered   09:40", "Ravi Menon", "Kestrel Foods", 2, 16, "phone", "", ""},
		// Outlook's Sent Items, and Gmail's view with name, stamp and
		// "to" on lines of their own.
		{"Sent: Tue 11/3/2026 9:02 AM\nTo: Lars Berg <lars@fjordtech.no>\nSubject: Pilot recap\n\nSent: Tue 11/17/2026 8:45 AM\nTo: Lars Berg\nSubject: RE: Pilot recap", "Lars Berg", "", 2, -1, "email", "", ""},
		// Several dated entries on one log line; a person opening an entry
		// "on whatsapp".
		{"3 May demo with Arjun\n10 May email, 17 May call no answer\n20 May Arjun on whatsapp: \"lets talk in June\"\n4 Jun email; 11 Jun whatsapp\n20 Jun email, 27 Jun call not picked, 2 Jul whatsapp", "Arjun", "", 5, 200, "text", "", ""},
		// A LinkedIn messages.csv export.
		{"LinkedIn export, Tomás Ortega at Vela Cargo:\n\nFROM,TO,DATE,CONTENT\nTomás Ortega,Ana Ruiz,2026-11-02 10:02:11 UTC,\"Happy to talk, Thursday?\"\nAna Ruiz,Tomás Ortega,2026-11-02 10:30:40 UTC,\"Thursday works\"\nTomás Ortega,Ana Ruiz,2026-11-05 16:14:05 UTC,\"Good call. Send me the deck, I'll share it internally.\"\nAna Ruiz,Tomás Ortega,2026-11-12 14:01:22 UTC,\"Here is the deck\"\nAna Ruiz,Tomás Ortega,2026-11-26 16:45:09 UTC,\"Any thoughts from the team?\"", "Tomás Ortega", "Vela Cargo", 2, 31, "linkedin", "", ""},
		// LinkedIn's head with the day on the line under it; WeChat's
		// numeric stamps; WhatsApp's "Name, 29 Jul 2027 16:20: …".
		{"li chat with Aiko (Tsubame Design):\n\nAiko Mori · 10:42 AM\nNov 2, 2026\nThanks, I'll check with our director.\n\nRiya Shah · 9:03 AM\nNov 16, 2026\nHi Aiko, any news from your director?\n\nRiya Shah · 4:30 PM\nNov 27, 2026\nAiko, a short case study in case it helps.", "Aiko Mori", "Tsubame Design", 2, 34, "linkedin", "", ""},
		{"wechat with Mr. Li, Ningbo Star Valves\n\n李明 2026/11/10 14:32\n收到，谢谢。\nMe 2026/11/20 10:11\n李总您好\nMe 2026/11/30 16:47\n[File] quote_v2.pdf", "Li", "Ningbo Star Valves", 2, 26, "text", "", ""},
		{"copied from whatsapp, Kofi Asante, Tema Agro\n\nKofi Asante, 12 Nov 2026 16:20: ok let me check with the GM\nYou, 19 Nov 2026 09:11: Morning Kofi, any word from the GM?\nYou, 30 Nov 2026 14:45: Hi Kofi, a short video of the install", "Kofi Asante", "Tema Agro", 2, 24, "text", "", ""},
		// Gmail on a phone: the name over "to me · 12 Nov"; a surname
		// with a particle.
		{"copied from Gmail on my phone:\n\nSanne de Vries\nto me · 12 Nov\nThanks for the demo, questions next week.\n\nTom Bakker\nto Sanne · 19 Nov\nHi Sanne, shall I set up a call?\n\nTom Bakker\nto Sanne · 27 Nov\nHoi Sanne, any questions yet?", "Sanne de Vries", "", 2, 24, "email", "", ""},
		// An answer on the phone resets the count.
		{"Demo Nov 2, then two emails that went nowhere, but I finally got him on the phone on Nov 23. Sent a recap email on Friday.", "", "", 1, 13, "email", "", ""},
		// The last conversation named after "since the …", and an answer
		// the rep got from them.
		{"called Tomasz 3 times since the pricing review call (nov 16), voicemail each time.", "Tomasz", "", 3, 20, "phone", "", ""},
		{"Got a 'maybe in spring' from Ines at Lumo Bakeries on Nov 9. Nothing sent since.", "Ines", "Lumo Bakeries", 0, 27, "", "", ""},
		// Not chased yet, told in the shapes reps use.
		{"Met Oskar at the expo on Nov 20. I did not send any follow-up yet.", "Oskar", "", 0, 16, "", "", ""},
		{"Call with Priya on Nov 16, she said wait for the board. I didn't write her since.", "Priya", "", 0, 20, "", "", ""},
		{"Bruno cancelled our call yesterday by email. haven't replied yet.", "Bruno", "", 0, 1, "", "", ""},
		// Outlook headers with numeric dates, day first.
		{"From: Tom Reed\nSent: Wednesday 02/12/2026 11:02\nTo: Ana Lopes\nSubject: RE: Pilot\nHi Ana, anything I can prepare?\n\nFrom: Tom Reed\nSent: Monday 24/11/2026 09:30\nTo: Ana Lopes\nSubject: RE: Pilot\nHi Ana, the plan we discussed.\n\nFrom: Ana Lopes\nSent: Tuesday 18/11/2026 10:45\nTo: Tom Reed\nSubject: Pilot\nHi Tom, let's talk after the board.", "Ana", "", 2, 18, "email", "", ""},
		// A dated reply ends the silence told from before it; a
		// colleague's reply does not.
		{"Aditya replied to my LinkedIn on Nov 16 with 'swamped till December'. Before that I'd emailed him 4x since our Oct 20 demo. Emailed again Dec 1.", "Aditya", "", 1, 20, "email", "", ""},
		{"Sinead went quiet after our call on Oct 30. Her boss Declan replied to me on Nov 20 saying she'll be in touch. I've emailed her twice since the call.", "Sinead", "", 2, 37, "email", "", ""},
		// What is not the company's name is trimmed from its front.
		{"Visited Greenway Poultry Farms on Nov 20, met the owner Kwame. Two texts since, nothing.", "Kwame", "Greenway Poultry Farms", 2, 16, "text", "", ""},
		// LinkedIn told short: "li'd her", "fu li 12/1", "message on
		// LinkedIn 11/08"; "30 min" is no day.
		{"Amara replied on Nov 10 'will check with finance'. I emailed nov 17 and li'd her nov 24.", "Amara", "", 2, 26, "linkedin", "", ""},
		{"- call 11/10 with Sandeep, 30 min\n- sent SOW 11/11\n- fu email 11/18\n- fu li 11/25", "Sandeep", "", 3, 26, "linkedin", "", ""},
		// No one to greet: a company "called" so, a deal with no person,
		// the rep hosting the recorded call.
		{"company called Tern Kitchens (catering startup) - intro call nov 4 with their ops team, sent follow up nov 11 and nov 20. crickets", "", "Tern Kitchens", 2, 32, "email", "", ""},
		{"Call: Orsa Tools <> discovery\nParticipants: Maya Ross (host), Guest 1, Guest 2\nNext steps: Maya to send references.\n\nthe call was Nov 19. after that: sent references nov 20, follow up nov 27. nothing back", "", "Orsa Tools", 2, 17, "email", "", ""},
		// A Telegram copy; a dialer's CSV export.
		{"telegram with Lukas (Alpenblick Hotels):\n\nLukas Hofer, [12.11.2026 16:20]\nthanks, we review in the team\n\nMarek Novak, [19.11.2026 09:02]\nThanks Lukas! Questions welcome\n\nMarek Novak, [30.11.2026 10:15]\nHi Lukas, any news?", "Lukas Hofer", "Alpenblick Hotels", 2, 24, "text", "", ""},
		{"dialer log for Aurelio @ Cascade Timberworks\n\nDate,Time,Contact,Direction,Duration,Outcome\n2026-12-02,14:05,Aurelio Ramos,Outbound,0:41,Voicemail\n2026-11-25,09:12,Aurelio Ramos,Outbound,0:00,No answer\n2026-11-18,11:02,Aurelio Ramos,Inbound,12:14,Connected", "Aurelio", "Cascade Timberworks", 2, 18, "phone", "", ""},
		// A German date's day with its dot before the month.
		{"Meeting with Herr Albrecht in their office on 11. November, very positive. After I have sent him two mails (18.11. and 26.11.) and no answer.", "Herr Albrecht", "", 2, 25, "email", "", ""},
		// Silences told in the shapes reps use, some in their language.
		{"No reply for 24 days from Keiko at Harbourline Insurance.", "Keiko", "Harbourline Insurance", -1, 24, "", "", ""},
		{"Nkechi has been ghosting me for about three weeks now.", "Nkechi", "", -1, 21, "", "", ""},
		{"contato Marcelo. 8 semanas sem resposta.", "Marcelo", "", -1, 56, "", "", ""},
		{"engenheiro Felipe Duarte. 1 month without answer.", "Felipe Duarte", "", -1, 30, "", "", ""},
		{"a diretora Patrícia viu a demo 15 dias atrás. mandei 1 email.", "Patrícia", "", 1, 15, "email", "", ""},
		{"Valentina - Ferraro Design - ultima risposta 25 ottobre, poi 2 email mie (3 e 24 novembre)", "Valentina", "Ferraro Design", 2, 42, "email", "", ""},
		// The last conversation told after the fact, or as reaching them.
		{"went silent after our 3rd call. that was 11/10. 1 email since.", "", "", 1, 26, "email", "", ""},
		{"I reached Mr. Ito (Sato Shoji) by phone on Nov 16. He said he will discuss with the president.", "Mr. Ito", "Sato Shoji", -1, 20, "", "", ""},
		// How many is not said; how it went is.
		{"Hamid @ Zarif Logistics. bunch of emails, zero replies, since the call 10 days ago", "Hamid", "Zarif Logistics", -1, 10, "email", "", ""},
		{"Gary at Midstate Ag has ghosted me for like a month. ive emailed him a bunch.", "Gary", "Midstate Ag", -1, 30, "email", "", ""},
		// A call not made is no touch; a held call's date list stops at
		// the next item; "+" lists days.
		{"haven't called yet, only emailed once (nov 20). Olivia Grant at Meridian Legal.", "Olivia Grant", "Meridian Legal", 1, -1, "email", "", ""},
		{"Chloe @ Marlowe Events: great call 11/2, proposal 11/3, email fu 11/10 + 11/17. thats it, nothing back", "Chloe", "Marlowe Events", 3, 34, "email", "", ""},
		// A place, then the account in brackets, names no one.
		{"No names yet. Inbound lead from a contractor in Leeds (Hartley Groundworks). I emailed twice, nothing back.", "", "", 2, -1, "email", "", ""},
		// Lower-case names and accounts, typed fast.
		{"ines garcia head of ops at lumen bakery hasnt replied. sent 3 emails", "ines garcia", "lumen bakery", 3, -1, "email", "", ""},
		{"quick one. meg (procurement lead @ tallow foods) went dark, 2 vms since", "meg", "tallow foods", 2, -1, "phone", "", ""},
		{"pinged raul at copper ridge on li twice, nothing back", "raul", "copper ridge", 2, -1, "linkedin", "", ""},
		{"no reply from bruno in a month. emailed twice", "bruno", "", 2, 30, "email", "", ""},
		{"the cfo at birch valley farms stopped answering. co is birch valley farms", "", "birch valley farms", -1, -1, "", "", ""},
		// An assistant's answer in a timeline is not the prospect's.
		{"Deal with Ana at Rivermill.\nNov 2 - call with Ana, went well.\nNov 9 - emailed Ana the pricing.\nNov 16 - left Ana a vm.\nNov 20 - her assistant, Tom, replied that Ana is travelling.", "Ana", "Rivermill", 2, 34, "phone", "", ""},
		// "Since" as "because" dates no silence; "revert" is a reply.
		{"Emailed Joe at Halden twice after our call on Nov 4. Since their contract ends Dec 31 I'm not worried yet.", "Joe", "Halden", 2, 32, "email", "contract_end", "2026-12-31"},
		{"the client is not revert since 12 days, I sent 2 mails", "", "", 2, 12, "email", "", ""},
		{"hi, mr tanaka of hokuto foods no reply since 3 weeks", "tanaka", "hokuto foods", -1, 21, "", "", ""},
		{"lost contact w/ maya (fernway studio), 2 emails since", "maya", "fernway studio", 2, -1, "email", "", ""},
		{"so walt at ridgeline ag ignored my 2 emails", "walt", "ridgeline ag", 2, -1, "email", "", ""},
		// A weekday is no name; the rep's manager in a chat paste is no prospect.
		{"the buyer went quiet. emailed thu, nothing", "", "", 1, -1, "email", "", ""},
		{"jen (mgr): whats up with the deal?\nme: buyer went dark, 2 emails since the call", "", "", 2, -1, "email", "", ""},
		// "I send" tells a past send in a second language; "should I send" does not.
		{"We talk on phone 3 of november, after I send him the proposal by email and 1 whatsapp last week. Nothing.", "", "", 2, 33, "text", "", ""},
		{"Call with Dana on Nov 20 went well. Should I send the proposal now?", "Dana", "", -1, 16, "", "", ""},
		// An account typed in lower case, told by its last word; not a kind of thing.
		{"any update on larkspur fitness? she went quiet after the demo", "", "larkspur fitness", -1, -1, "", "", ""},
		{"they asked about dispatch software then went dark", "", "", -1, -1, "", "", ""},
		// A handle is no account: "@mira.k" is not "at mira".
		{"Head of IT went quiet. Her Slack handle is @mira.k on their workspace. Emailed her twice.", "", "", 2, -1, "email", "", ""},
		// A copied team channel: the authors are the rep and a colleague,
		// and the prospect is the one they talk about.
		{"Sione Taufa  2:10 PM\nneed help, Ingrid at Fjordline Ferries stopped responding after the pilot review on Nov 24\nSione Taufa  2:11 PM\nemailed her Nov 27 and Dec 2, called once on the 4th\nGrace Obi (team lead)  2:30 PM\nwhat did she say at the review?", "Ingrid", "Fjordline Ferries", 3, 12, "phone", "", ""},
		{"Sione Taufa  2:10 PM\r\nneed help, Ingrid at Fjordline Ferries stopped responding after the pilot review on Nov 24\r\nSione Taufa  2:11 PM\r\nemailed her Nov 27 and Dec 2, called once on the 4th\r\nGrace Obi (team lead)  2:30 PM\r\nwhat did she say at the review?", "Ingrid", "Fjordline Ferries", 3, 12, "phone", "", ""},
		// A copied conversation with the prospect keeps its authors.
		{"my chat with Owen, nothing since:\n\nNOV 20\nOwen Reyes  9:02 AM\nHi Lara, send me the pricing sheet when you can.\nLara Quint  9:30 AM\nHi Owen, here it is. Happy to walk you through it.\nNOV 30\nLara Quint  10:15 AM\nHi Owen, did the sheet make sense?", "Owen Reyes", "", 2, 16, "linkedin", "", ""},
		// A lower-case given name, maybe a surname, then the reply.
		{"ugh. priya finally replied on nov 2 then nothing, 2 emails since", "priya", "", 2, 34, "email", "", ""},
		{"dan okafor got back to me nov 20, havent chased yet", "dan okafor", "", 0, 16, "", "", ""},
		// "I write him" tells past sends in a second language, as "I send" does.
		{"After the visit on 20 November I write him 1 time by email and 2 times by whatsapp. No answer.", "", "", 3, 16, "text", "", ""},
		{"He not answer since the visit 20 November. Should I write him again?", "", "", -1, 16, "", "", ""},
		// "one follow up on <date>" in a list of sends is one of them, not their total.
		{"We met Nov 10. I sent the proposal (Nov 11), one follow up on Nov 18 and a whatsapp on Nov 25.", "", "", 3, 26, "text", "", ""},
		// "a follow up on <date>", spelt apart, dates a send, not the silence.
		{"We met Nov 10. After the meeting I sent the proposal on Nov 11, a follow up on Nov 18 and a whatsapp on Nov 25.", "", "", 3, 26, "text", "", ""},
		// "deal: <person>, <title> at <account>" names a person at the account.
		{"new here. deal: Rosa Delgado, Head of Facilities at Cordell Biotech. Met her Nov 16, one email since.", "Rosa Delgado", "Cordell Biotech", 1, 20, "email", "", ""},
		// The rep's manager in brackets is no prospect; "IN"/"OUT" in a log are directions.
		{"Visited the buyer at Calder Foods on Nov 20, emailed twice since. My manager (Priya) says wait.", "", "Calder Foods", 2, 16, "email", "", ""},
		{"Vento Bikes / Marco Bellini (owner)\n2026-11-02  Email IN (Marco): \"send me the revised quote\"\n2026-11-03  Email OUT: revised quote\nNothing since.", "Marco Bellini", "Vento Bikes", 1, 34, "email", "", ""},
		// "<company word> of <place>" is an account, not a person.
		{"Procurement desk, University of Tarn, went quiet after the tender call on Nov 16. One email since.", "", "University of Tarn", 1, 20, "email", "", ""},
		{"Person: Hana Sato (CFO), Kumo Labs\n2026-11-10  Meeting: pricing review with Hana and her analyst Ken\n2026-11-12  Email: sent the quote\n2026-11-19  Email IN from Ken: \"Hana is travelling\"\n2026-11-26  Email to Hana\n2026-12-01  Call to Hana, no answer", "Hana Sato", "Kumo Labs", 3, 26, "phone", "", ""},
		// Chat handles are teammates; "deal w/ <name>" is the person; "prospect = <name>".
		{"fyi @marta (mgr): the orchard co deal w/ tomasz went quiet after the demo nov 20. 2 emails since", "tomasz", "", 2, 16, "email", "", ""},
		{"prospect = dmitri, volga freight. his coworker irina replied nov 25 saying he's travelling. emailed dmitri twice since the call on nov 18", "dmitri", "volga freight", 2, 18, "email", "", ""},
		// A sequence's steps by day: which day, not how many.
		{"went dark after the call on nov 16. cadence since: day 2 recap email, day 5 linkedin msg, day 9 call", "", "", 3, 20, "phone", "", ""},
		// In a bullet log, a colleague's answer is not the prospect's, whether
		// they opened the entry or picked up the rep's call.
		{"Harlow Dental\n- 11/10 demo with Nkechi (owner) and Grace (admin)\n- 11/12 emailed Nkechi the quote\n- 11/18 Grace replied: Nkechi is away till 11/24\n- 11/26 emailed Nkechi again", "Nkechi", "Harlow Dental", 2, 26, "email", "", ""},
		{"Kestrel Farms\n- Nov 9: site visit with Amara Obi (owner)\n- Nov 16: called Amara, Tunde picked up, said she'd call back\n- Nov 23: emailed Amara", "Amara Obi", "Kestrel Farms", 2, 27, "email", "", ""},
		// The times before the verb: "2x called".
		{"demo was nov 20. 2x called him since, no pickup", "", "", 2, 16, "phone", "", ""},
		// A title, then the account, in brackets; the account after "prospect = name,".
		{"marta (procurement lead, oakridge timber) went quiet after the call nov 20. emailed once since", "marta", "oakridge timber", 1, 16, "email", "", ""},
		{"prospect = kofi, sunbird poultry. demo nov 16, 2 emails since, nada", "kofi", "sunbird poultry", 2, 20, "email", "", ""},
		// Someone else on their side writing is not the prospect's answer.
		{"Demo with Priya Shah at Novum on Nov 10. Tom emailed me on Nov 20 with a question about SSO. Priya has said nothing since the demo; I emailed her on Nov 24.", "Priya Shah", "Novum", 1, 26, "email", "", ""},
		// The account in the shapes a first-day story uses.
		{"Not sure what went wrong with Tidewater Kayaks. The owner, Paulo Reis, loved the demo on Nov 16. Two emails since.", "Paulo Reis", "Tidewater Kayaks", 2, 20, "email", "", ""},
		{"Ingrid, head of finance for Solberg Marine, went quiet after Nov 20. I called her once.", "Ingrid", "Solberg Marine", 1, 16, "phone", "", ""},
		{"Tomasz, Vistula Ceramika's plant manager, last answered on Nov 16. No follow ups yet.", "Tomasz", "Vistula Ceramika", 0, 20, "", "", ""},
		{"The deal's with Ferreira Irmãos in Porto. Rui Ferreira asked for a quote on Nov 16; one email since.", "Rui Ferreira", "Ferreira Irmãos", 1, 20, "email", "", ""},
		// A labelled list of sends, each with its day.
		{"Lars last replied on Nov 12. My follow-ups: an email on Nov 18, a call on Nov 25, and a short email on Dec 2.", "Lars", "", 3, 24, "email", "", ""},
		// Bare lists of sends: after "since:" with articles, and after "despite".
		{"Call with Bo on Nov 16. Since the call: an email, then a LinkedIn note.", "Bo", "", 2, 20, "linkedin", "", ""},
		{"Hannah was keen on the call on Nov 16 but nothing since, despite an email and then a voice note on WhatsApp.", "Hannah", "", 2, 20, "text", "", ""},
		// "(Name, Account)" in brackets: the person, then the account.
		{"she said 'call me after the 20th' on nov 16 and i've rung twice since (Yusra, Al Noor Textiles)", "Yusra", "Al Noor Textiles", 2, 20, "phone", "", ""},
		// A place after the account is no person.
		{"Prospect Deirdre Kowal, office manager at Harbourside Dental, Gdansk. Demo on Nov 16, two emails since.", "Deirdre Kowal", "Harbourside Dental", 2, 20, "email", "", ""},
		// An unknown count, but the latest touch named; CRM "Calls out: 3".
		{"Demo with Omar on Nov 16. Since then a few emails and a call, not sure how many; the latest was the call.", "Omar", "", -1, 20, "phone", "", ""},
		{"Contact: Lena Fisch | Ostwind Foods\nLast meeting: 2026-11-16\nEmails out: 2\nInbound since last meeting: none", "Lena Fisch", "Ostwind Foods", 2, 20, "email", "", ""},
		// "haven't sent anything else" says something went before.
		{"Workshop on Nov 16. I emailed a recap to all three on Nov 17. Nothing back, and I haven't sent anything else.", "", "", 1, 20, "email", "", ""},
		// "I" never joins a name; a CRM header with "·" between its fields.
		{"Demo on Nov 16 with Tanvi and her analyst (Ravi I think). Tanvi said send pricing. Sent it Nov 17, then 2 nudges.", "Tanvi", "", 3, 20, "email", "", ""},
		{"Contact: Ilse Brandt · Company: Nordhafen Logistik · Owner: Pia Kurz\nLast meeting: 2026-11-16\nEmails out: 2", "Ilse Brandt", "Nordhafen Logistik", 2, 20, "email", "", ""},
		// A lower-case name opening the story before "from <Account>"; "Client is X from Y".
		{"ingeborg from Solvik Maritime: 2 emails then a call since the demo on nov 16. nada", "ingeborg", "Solvik Maritime", 3, 20, "phone", "", ""},
		{"ppl at Solvik Maritime went quiet after nov 16, 2 emails since", "", "Solvik Maritime", 2, 20, "email", "", ""},
		{"Client is Dinara from Altyn Steel. Meeting was 16 of November. I sent offer on 17 November, no answer.", "Dinara", "Altyn Steel", 1, 20, "email", "", ""},
		{"Deal: Oyelaran Bisi, Head of Finance @ Lagoon Textiles\n- Nov 16: demo\n- Nov 24: emailed pricing", "Oyelaran Bisi", "Lagoon Textiles", 1, 20, "email", "", ""},
		// A team channel told by its handles; an out-of-office in a log is nobody's answer.
		{"kai.lee  2:03 PM\nanyone sold to Brookvale Schools? their bursar went silent after the demo on Nov 16\n@sam.o you had them?\nsam.o  2:05 PM\nyeah, tough crowd\nkai.lee  2:06 PM\n2 emails since, then a call yesterday, nothing", "", "Brookvale Schools", 3, 20, "phone", "", ""},
		{"- Nov 16: demo with Rhea Kapoor\n- Nov 20: emailed Rhea the quote\n- Nov 21: Rhea auto-reply: out of office until Dec 1\n- Nov 27: emailed Rhea again, got her out-of-office", "Rhea Kapoor", "", 2, 20, "email", "", ""},
		// A list item with its own count and a word before the noun; "Mailed" in a CRM note.
		{"great call with their cfo on nov 16. since then: pricing email, then 2 more email pings. crickets", "", "", 3, 20, "email", "", ""},
		{"Zoho notes\n01-Dec-2026 | Ravi S | Called Meena mam, no answer.\n24-Nov-2026 | Ravi S | Mailed revised quote as discussed.\n20-Nov-2026 | Ravi S | Demo done with Meena mam.", "Meena", "", 2, 16, "phone", "", ""},
		{"Nadia Lim  9:20 AM\nugh, my champion Sofie is ghosting me since the call on Nov 16. 2 emails since\nPete Ruiz  9:22 AM\nmaybe she's just out", "Sofie", "", 2, 20, "email", "", ""},
		// A CRM's CSV export with a Direction column; a colleague's inbound row and a task are no answers.
		{"Sofia stopped replying after the demo.\n\n\"Activity Date\",\"Subject\",\"Type\",\"Direction\",\"Contact\"\n\"2026-11-30\",\"Follow-up\",\"Email\",\"Outbound\",\"Sofia Marin\"\n\"2026-11-25\",\"Re: quote\",\"Email\",\"Inbound\",\"Pablo Ruiz\"\n\"2026-11-24\",\"Quote\",\"Email\",\"Outbound\",\"Sofia Marin\"\n\"2026-11-20\",\"Call me\",\"Task\",\"\",\"Sofia Marin\"\n\"2026-11-16\",\"Demo\",\"Meeting\",\"\",\"Sofia Marin\"", "Sofia Marin", "", 2, 20, "email", "", ""},
		// A mail tab's [Sent]/[Received] tags; a channel copy where the rep tells sends to "him".
		{"Person: Arif Khan\n[Sent]     30.11.2026 — To: Arif Khan — \"Re: timeline\"\n[Sent]     23.11.2026 — To: Arif Khan — \"Timeline\"\n[Received] 16.11.2026 — From: Arif Khan — \"Thanks, will review\"", "Arif Khan", "", 2, 20, "email", "", ""},
		{"Lea Brandt  8:55 AM\nmorning! last contact with Tomas (Nordwind Tours) was the call on Nov 16. I've pinged him 3 times since, all by email\nBen Ko  8:58 AM\nouch", "Tomas", "Nordwind Tours", 3, 20, "email", "", ""},
		// A business chat account's automatic greeting is nobody's answer.
		{"[16/11/2026, 11:04] Yusuf Demir: Good meeting, send the pricing\n[17/11/2026, 09:30] You: Hi Yusuf, pricing attached\n[17/11/2026, 09:30] Anadolu Cargo: Thank you for contacting Anadolu Cargo! Our team will get back to you shortly.\n[24/11/2026, 15:12] You: Yusuf, any questions?\n[24/11/2026, 15:12] Anadolu Cargo: Thank you for contacting Anadolu Cargo! Our team will get back to you shortly.", "Yusuf Demir", "", 2, 20, "text", "", ""},
		// Beside a pasted chat, an email told in the story is one more touch; the chat's channel stays.
		{"Bruna runs marketing at Casa Azul. Besides the WhatsApp I also sent one email on 20/11 with the case study.\n\n[16/11/2026 10:12] Bruna Lima: Recebi a proposta, te falo depois\n[30/11/2026 09:00] Caio Reis: Oi Bruna, conseguiu ver?", "Bruna Lima", "Casa Azul", 2, 20, "text", "", ""},
		// The story marks its person: "X is the one who decides", "(primary)".
		{"Hemi is the one who decides; Tom is their finance guy. Tom answered once. Demo with both on Nov 16, 2 emails to Hemi since.", "Hemi", "", 2, 20, "email", "", ""},
		// The deliverable sent after the meeting went unanswered too; an answer
		// after it, a count said to be the total, or a price talked over on a
		// call keep it out.
		{"Demo with Wren on Nov 16. Sent the proposal, followed up twice since. Nothing.", "Wren", "", 3, 20, "email", "", ""},
		{"Demo with Wren on Nov 16, she asked for the quote; sent it and she acked it Nov 18. Followed up 2x by email since.", "Wren", "", 2, 18, "email", "", ""},
		{"Demo with Wren on Nov 16. I sent the ROI sheet and a discount offer; that's 2 emails total since.", "Wren", "", 2, 20, "email", "", ""},
		{"Pricing went over on a call with Wren on Nov 16. Since then: email on the 23rd, email on the 30th.", "Wren", "", 2, 20, "email", "", ""},
		// CRM outcomes, nationalities and foreign titles are no names or accounts.
		{"spoke to Karim on nov 16. called him since, all unanswered.\n\nCall | Outbound | 24-Nov-2026 | Call Result: No answer\nCall | Outbound | 01-Dec-2026 | Call Result: No answer", "Karim", "", 2, 20, "phone", "", ""},
		{"Working a deal with a Saudi company, Najd Dairy Farms. Met the plant manager on Nov 16. One email since.", "", "Najd Dairy Farms", 1, 20, "email", "", ""},
		{"Tomasz Zielinski, Kierownik IT at Hurtownia Zdrowie, went quiet after the demo on Nov 16. One email since.", "Tomasz Zielinski", "Hurtownia Zdrowie", 1, 20, "email", "", ""},
		// A lower-case name, maybe after a form of address, then "of <Account>".
		{"maam rosa of Sunrise Feeds not replying since our meeting nov 16. texted her 2x", "rosa", "Sunrise Feeds", 2, 20, "text", "", ""},
		{"chukwudi of Harbor Cement - no reply to my 2 texts since the visit on nov 16", "chukwudi", "Harbor Cement", 2, 20, "text", "", ""},
		// "sent proposal + 2 fu mails": the proposal and two chasers.
		{"met arjun at their plant on nov 16. sent proposal + 2 fu mails, nothing", "arjun", "", 3, 20, "email", "", ""},
		// "Since the video call I sent three mails (dates)": the call is the meeting, the dates the mails'.
		{"We had a video call on 16.11. Since the video call I have sent three mails (20.11., 25.11., 30.11.) and tried to call once on 2.12., nobody answered.", "", "", 4, 20, "phone", "", ""},
		// "I did 3 calls, then 2 emails": a list of tries, not calls held.
		{"Omar not replying. since nov 16 when he asked for a revised quote I did 3 calls, then 2 emails, last one yesterday", "Omar", "", 5, 20, "email", "", ""},
		{"omar not replying since nov 16, 2 emails since", "omar", "", 2, 20, "email", "", ""},
		{"quick one - maya @ Orbit Labs went dark post-demo (nov 16). 2 fu emails, nothing", "maya", "Orbit Labs", 2, 20, "email", "", ""},
		// A typed-out text chat: the side, the day, the words.
		{"texts with the guy from the expo:\n\nme 11/16: hi! you wanted pricing on the thermostats\nhim 11/16: thx will look\nme 11/23: any questions?\nme 11/30: still interested?", "", "", 2, 20, "text", "", ""},
		// "Email received from <colleague>" in a CRM timeline is no answer of the prospect's.
		{"Hannah hasn't replied since our site walk.\n\nDec 1, 2026 · Email sent to Hannah Ho · \"Options\"\nNov 24, 2026 · Email received from Mele Fonua · \"Hannah's tied up, I'll flag it\"\nNov 20, 2026 · Email sent to Hannah Ho · \"Notes\"\nNov 16, 2026 · Meeting · Site walk · Hannah Ho · Completed", "Hannah Ho", "", 2, 20, "email", "", ""},
		// A list of send days that ends "and yesterday"; "and yesterday I rang" is its own clause.
		{"We did the demo 18 november. I send mail 25/11, 02/12 and yesterday. No answer.", "", "", 3, 18, "email", "", ""},
		{"Demo on Nov 16. Then I mailed him Nov 20 and Nov 27, and yesterday I rang, left a vm.", "", "", 3, 20, "phone", "", ""},
		// The rep's newest email above a quoted chain, its greeting inline with the text.
		{"sent this today:\n\nHi Jonas, no rush at all. I can send a one-page summary instead of a call.\n\nOn Mon, Nov 23, 2026 at 10:12 AM Ruth Ames <ruth@tallow.io> wrote:\n> Jonas, any thoughts on the offer?\n>\n> On Fri, Nov 20, 2026 at 4:40 PM Jonas Berg <jonas@brightline.de> wrote:\n>> Thanks Ruth, we will look at it internally.", "Jonas", "Brightline", 2, 16, "email", "", ""},
		// Second-language English: a negated present tense for the silence, "chez" for "at".
		{"my client Élodie (acheteuse chez Maison Corvel) don't answer since 5 weeks. I sent 2 mails.", "Élodie", "Maison Corvel", 2, 35, "email", "", ""},
		{"Herr Vogel, Einkaufsleiter bei Falkwerk GmbH, doesn't reply since 3 weeks.", "Herr Vogel", "Falkwerk GmbH", -1, 21, "", "", ""},
		// A count after a lower-case company ends its name.
		{"emailed tomasz at krakow brewing co four times, no reply. last heard from him nov 16", "tomasz", "krakow brewing co", 4, 20, "email", "", ""},
		// A teammate posted for, the rep signing off, a town, a chat speaker with a seller's role: none is the prospect.
		{"posting for Maya (AE): her prospect in logistics has been silent for 3 weeks. Maya has sent the proposal plus 2 follow-ups, all by email.", "", "", 3, 21, "email", "", ""},
		{"no reply from finance at Orwell Foods since 11/16. sent two emails. (rep on the deal is me, Kofi)", "", "Orwell Foods", 2, 20, "email", "", ""},
		{"the office manager at that dental clinic in Austin went quiet. texted her twice since she said 'call me next week' on Nov 16.", "", "", 2, 20, "text", "", ""},
		{"Devon: the owner of Harbor Marine said yes on the phone nov 16, then silence\nDevon: sent the agreement twice\nRuth (manager): did he sign?\nDevon: nope", "", "Harbor Marine", 2, 20, "email", "", ""},
		// The rep's words after a quoted reply end it; a short "on leave" note that names the rep is a person's.
		{"On Mon, Nov 23, 2026 at 9:02 AM Bruno Ames <bruno@tallow.io> wrote:\nHi Kalani, welcome back! Would next week work for a quick call?\n\n> On Mon, Nov 16, 2026 at 1:44 PM Kalani Akana <kalani@islandgrid.coop> wrote:\n> Bruno - heading out on leave until Nov 20. Let's talk when I'm back.\n> Kalani Akana\n> Energy Programs Manager, Island Grid Co-op\n\nsent that one when she got back, then called her friday and left a vm.", "Kalani Akana", "Island Grid Co-op", 2, 20, "phone", "", ""},
		// A teammate named in a title, the rep in brackets, "MIA": no prospect's name.
		{"My AE Roxanne and I pitched the VP Sales at Quantix. Their last reply was Nov 16. Since then Roxanne sent one email and I sent a LinkedIn message.", "", "Quantix", 2, 20, "linkedin", "", ""},
		{"Me (Dario, founder) + my cofounder Elena have been chasing a school district. Last reply Nov 16. Elena emailed Nov 23, I called Nov 30.", "", "", 2, 20, "phone", "", ""},
		{"their IT director has been MIA since nov 16. i've emailed him stuff a couple times", "", "", 2, 20, "email", "", ""},
		// Greetings inside the quotes and "just checking how the trial went" tell the rep from the prospect.
		{"On Fri, Nov 20, 2026 at 7:51 pm, Marcus Webb <marcus@kookaburra.com.au> wrote:\n> Hey Priya,\n>\n> Sorry mate, flat out with the migration until July.\n>\n> Cheers,\n> Marcus\n\nOn Thu, Nov 19, 2026 at 11:00 am, Priya Sharma <priya@signalgrid.io> wrote:\n> Hi Marcus, just checking how the trial went?\n\n---\nI sent one more email Nov 30. No answer.", "Marcus", "Kookaburra", 1, 16, "email", "", ""},
		// A count and its dated list are one mention; "one more" after a pasted thread adds to it.
		{"Met Dana Nov 16. I sent two more emails (Nov 20, Nov 30). No answer.", "Dana", "", 2, 20, "email", "", ""},
		{"From: Curtis Bell <cbell@lakeshorebev.com>\nSent: Monday, November 16, 2026 3:27 PM\nTo: Amy Reyes\nSubject: RE: Fuel card pilot\n\nAmy - send me the pilot terms.\n\n---\nsent the terms nov 17, and since then I sent one more email on the 30th. nothing.", "Curtis Bell", "Lakeshorebev", 2, 20, "email", "", ""},
		// A given name in lower case opening the story or a sentence, the account or title after it; or after "contact is".
		{"ngaio - Alba Insurance - went quiet after our call nov 16, sent 1 email nov 23", "ngaio", "Alba Insurance", 1, 20, "email", "", ""},
		{"meilin (Tan & Sons Logistics) ghosted post-demo. demo was 11/16. 2x vm then 1x text", "meilin", "Tan & Sons Logistics", 3, 20, "text", "", ""},
		{"how do i re-engage someone who went silent 3 wks ago? fatima, ops mgr at Qamar Textiles. sent her the proposal + one f/u since", "fatima", "Qamar Textiles", 2, 21, "email", "", ""},
		{"deal w/ Koru Dental is stalling. contact is aroha. emailed her twice since nov 16, no response.", "aroha", "Koru Dental", 2, 20, "email", "", ""},
		// A CRM's activity rows split by "|", the day a few fields on; a callback asked for is an answer.
		{"zoho log, contact Tariq Aziz.\n\nCall | Outbound | 16-Nov-2026 10:12 | 06:40 | Call Result: Requested callback\nEmail | Sent | 2026-11-20 | Subject: Notes\nCall | Outbound | 02-Dec-2026 09:30 | 00:00 | Call Result: No answer", "Tariq Aziz", "", 2, 20, "phone", "", ""},
		// Calls beside a mail thread add to it, whatever the rep's own count of them.
		{"From: Pedro Alves <pedro@grupoipe.com.br>\nSent: Monday, November 16, 2026 6:40 PM\nTo: Hannah Cole <hannah@ledgerline.com>\nSubject: RE: Consolidation\n\nHannah, does it handle BRL and USD?\n\nFrom: Hannah Cole <hannah@ledgerline.com>\nSent: Tuesday, November 17, 2026 9:12 AM\nTo: Pedro Alves <pedro@grupoipe.com.br>\nSubject: RE: Consolidation\n\nHi Pedro, yes, out of the box.\nHannah\n\nthen 2 f/u calls (nov 24, dec 1), left vm both times. nothing since his question.", "Pedro", "Grupoipe", 3, 20, "phone", "", ""},
		// The writer introducing themselves; an account named after a description of it.
		{"Hi, Ingrid here (AE, EMEA). The head of procurement at a mid-size Dutch brewery, Brouwerij Het Anker, has gone silent on us. Last call 11/16. I've sent one follow-up email.", "", "Brouwerij Het Anker", 1, 20, "email", "", ""},
		{"Mateo here: a prospect at a logistics company went dark. Last email from them was Nov 16. Since then I've sent 2 emails and one WhatsApp (today).", "", "", 3, 20, "text", "", ""},
		// "another one on linkedin", "another two": more on top of those told, by the channel named.
		{"Oluwaseun went quiet after our call nov 16. sent 1 nudge by email, then another one on linkedin this week. nothing", "Oluwaseun", "", 2, 20, "linkedin", "", ""},
		{"dm'd Jake on linkedin twice, then another two last week. no reply since we met nov 16", "Jake", "", 4, 20, "linkedin", "", ""},
		{"the top one I sent on the 30th. still nothing.\n\nHi Sarah - circling back on the proposal. Happy to adjust scope.\nBest, Dev\n\nOn Mon, Nov 23, 2026 at 10:00 AM Dev Malhotra <dev@clubloop.app> wrote:\n> Hi Sarah, did you get a chance to look at the proposal?\n>\n> On Mon, Nov 16, 2026 at 3:02 PM Sarah Whitfield <swhitfield@oakmontgolf.com> wrote:\n>> Thanks Dev, I'll share it with the board.", "Sarah", "Oakmontgolf", 2, 20, "email", "", ""},
		// A sequence's steps split by "·", the day after a status word; a step only scheduled is no touch.
		{"Sequence: Post-demo nurture, Aleksandra Nowak @ Wisla Logistics\nDemo: Nov 16 (held, 45 min)\nStep 1 · Email · delivered Nov 17 · opened\nStep 2 · Phone · Nov 20 · no answer\nStep 3 · LinkedIn · Nov 24 · message sent\nStep 4 · Email · scheduled Dec 8 · not sent yet", "Aleksandra Nowak", "Wisla Logistics", 3, 20, "linkedin", "", ""},
		// A LinkedIn header: the person, then the title and company after the dot.
		{"li thread below. I also emailed her yesterday.\n\nSakshi Verma • Talent Acquisition Lead, Orbit Hire\nNOV 16\nSakshi Verma: Yes! Let's set up a demo, I'll send times\nNOV 23\nYou: Hi Sakshi, here are a few slots: Wed 2pm, Thu 11am\nNOV 30\nYou: Sakshi, happy to work around your calendar", "Sakshi Verma", "Orbit Hire", 3, 20, "email", "", ""},
		// A field ends at a dash when another field follows it.
		{"Contact: Farah Siddiqui (Compliance Lead) — Account: Indus Microfinance\n2026-11-16 Meeting — product walkthrough — completed\n2026-11-17 Email out — recap + SOW\n2026-11-24 Email out — f/u", "Farah Siddiqui", "Indus Microfinance", 2, 20, "email", "", ""},
		// "one more" is on top of those told; "sent one more mail on the 30th" is one mention.
		{"his reply was nov 16. Since then: one email on 11/23 asking how the board went, one more on 11/30. Nothing.", "", "", 2, 20, "email", "", ""},
		{"Jordan on our team handed me this one: a buyer at Pinecrest Foods. Jordan had the last call with them on 11/16 and sent one email after. I've since sent one more email and a LinkedIn msg last week.", "", "Pinecrest Foods", 3, 20, "linkedin", "", ""},
		{"Met Suresh Iyer on 16th Nov. Then I called him twice, both times his PA said he is in meeting. After that I have sent one more mail on 30th.", "Suresh Iyer", "", 3, 20, "email", "", ""},
		// The day of the latest send is no answer of theirs; calls that were held are no sends.
		{"Demo was Nov 16 and she was engaged. I've nudged a few times over email since, most recently this Monday. Nothing.", "", "", -1, 20, "email", "", ""},
		{"went dark after the pricing call on 11/16. Since that call I've emailed her three times and sent one LinkedIn message — the LinkedIn one went yesterday.", "", "", 4, 20, "linkedin", "", ""},
		{"Ahmed (Director of IT at Northwind Clinics) and I had three calls over the autumn, the last one on Nov 16, and he was very engaged. Since then I've sent one email with the pilot plan and, yesterday, left a voicemail.", "Ahmed", "Northwind Clinics", 2, 20, "phone", "", ""},
		// A deliverable sent on its own is where the chases after it start.
		{"Met Lotte Vermeer from Kaasboerderij Vink in person on Nov 16. I sent a tailored proposal by email on Nov 18 and followed up twice after that by email, most recently Dec 1.", "Lotte Vermeer", "Kaasboerderij Vink", 3, 20, "email", "", ""},
		{"Two calls with Bram (Zeeland Ports), the last on Nov 16. I only emailed the estimate on Nov 25 (my fault) and have followed up once since, on LinkedIn.", "Bram", "Zeeland Ports", 2, 20, "linkedin", "", ""},
		// "followed up twice since" closes the rep's send: the send's day is no start of a silence.
		{"Iris (Larkspur Dental) went quiet after the demo. I emailed the recap on Nov 20 and have followed up twice since, on LinkedIn.", "Iris", "Larkspur Dental", 3, -1, "linkedin", "", ""},
		// What went with a send sits between its day and the next one.
		{"Joost de Vries at Polderveld Zuivel went quiet after our call on nov 16. I mailed him nov 18 with the ROI sheet and nov 25, and called dec 2 (no answer, no vm).", "Joost de Vries", "Polderveld Zuivel", 3, 20, "phone", "", ""},
		// A sentence counting from a conversation leaves what was sent before it answered.
		{"Gareth Pryce (Thornbury Estates) had a demo on 2 Nov and I sent the deck the same day. Then on 16 Nov we had a 30 min call. Since that call: I emailed 20 Nov with a revised quote, 25 Nov with a case study, and called 1 Dec (voicemail).", "Gareth Pryce", "Thornbury Estates", 3, 20, "phone", "", ""},
		// A lower-case aside under the last pasted message is the rep talking.
		{"LinkedIn thread with Siddharth Rao (Head of Data, Konark Retail):\nSiddharth Rao  Nov 16\nSounds good, can you share the benchmark report?\nYou  Nov 16\nAbsolutely, here it is. Would Thursday work for a walkthrough?\nYou  Nov 25\nHi Siddharth, did the report land ok?\nSeen\nalso emailed him at his work address dec 1, no reply", "Siddharth Rao", "Konark Retail", 3, 20, "email", "", ""},
		// "on 16 Nov we had a call": the day opens a conversation.
		{"Omar (Qasr Hotels) came back 2 Nov with some questions on pricing, I answered the same day. Then on 16 Nov we had a 30 min call where he said finance wants it. Since that call I emailed him twice, nothing.", "Omar", "Qasr Hotels", 2, 20, "email", "", ""},
		// Second-language present tense: "I write her on … and …" is a send a day.
		{"We did the demo with Elif Şahin from Bosphorus Retail on 16 november. I send offer on 18 november. Then I write her on 25 november and 2 december, no answer.", "Elif Şahin", "Bosphorus Retail", 3, 20, "email", "", ""},
		// An account named as what was sent to: "sent Acme Packaging the renewal quote".
		{"Beth Lowry, our champion at Acme Packaging, last replied on 11/16. We sent Acme Packaging the renewal quote 11/18, then followed up 3x by email.", "Beth Lowry", "Acme Packaging", 4, 20, "email", "", ""},
		// Answering a colleague's questions is no touch to the prospect.
		{"We had a very good workshop on 16 November with Dr. Anja Wolff (Kessler Medizintechnik). Her IT colleague Herr Brandt was there too. After, Herr Brandt sent me technical questions and I answered them the same day. I wrote her on 24 November and 1 December.", "Anja Wolff", "Kessler Medizintechnik", 2, 20, "email", "", ""},
		// "Name:" labels what follows; "sent him" is the rep's send.
		{"Demo 11/16 with Daniel Levy (VP Sales, Orbit Telecom). Daniel: sent him the business case 11/20, then 2 emails (11/25, 12/1).", "Daniel Levy", "Orbit Telecom", 3, 20, "email", "", ""},
		// "2 follow ups (dates) and a li message": an item of the list, not its total.
		{"Our call with Fatima Al-Sayed (Gulf Star Aviation) was nov 16. I sent her the MSA nov 18, then 2 follow ups (nov 24, dec 1) and a li message dec 4. zero.", "Fatima Al-Sayed", "Gulf Star Aviation", 4, 20, "linkedin", "", ""},
		// A teammate pinging someone else, and that person's answer, are neither touch nor answer.
		{"Hanna Lindqvist at Nordvik Energi replied nov 16 \"thanks, will review with our CFO\".\nsince then: email nov 24, li msg dec 1. nothing.\nJonas pinged Petter on teams, he said \"Hanna owns it now\".", "Hanna Lindqvist", "Nordvik Energi", 2, 20, "linkedin", "", ""},
		// A given name that is also a month, before a name particle, is a name.
		{"Jan de Vries at Polderveld Zuivel went quiet after our call on nov 16. I mailed him twice since.", "Jan de Vries", "Polderveld Zuivel", 2, 20, "email", "", ""},
		// One-line Outlook headers ("From: … | Sent: … | To: …"), and a send typed between the pasted messages.
		{"Aiko Tanaka (Kirinwave Logistics) went silent after this:\nOn Mon, Nov 16, 2026 at 4:02 PM Aiko Tanaka <a.tanaka@kirinwave.jp> wrote:\n> Thanks for the session today. Please send me a quote for 40 seats.\nsent quote nov 17. then:\nFrom: Ben Carter | Sent: Tuesday, November 24, 2026 10:11 AM | To: Aiko Tanaka\nSubject: RE: Quote - 40 seats\nHi Aiko, just making sure the quote landed ok...\nFrom: Ben Carter | Sent: Wednesday, December 2, 2026 9:40 AM | To: Aiko Tanaka\nSubject: RE: Quote - 40 seats\nHi Aiko, any questions from the team?\nnothing back.", "Aiko Tanaka", "Kirinwave Logistics", 3, 20, "email", "", ""},
		// The day of the rep's own latest send is no answer: "last call was yesterday" after counted calls,
		// "last thing I send", "last contact from my side", "the email went out yesterday".
		{"Demo was done on 16th Nov with Ankit Sharma of Shreeji Textiles. After that I have sent quotation on 18th Nov. Then I have called him 3 times, he is not picking. Last call was yesterday.", "Ankit Sharma", "Shreeji Textiles", 4, 20, "phone", "", ""},
		{"We make meeting in his office 16 November with Mr. Nguyen Van Thanh. After, I send him quotation by email 18 November, and last thing I send 1 message on Zalo 2 December. Until now no answer.", "Nguyen Van Thanh", "", 2, 20, "text", "", ""},
		{"We had call on 16 November with Katarzyna. After this I write 2 emails and I call 1 time but she not pick up. Last contact from my side was call on 3 December.", "Katarzyna", "", 3, 20, "phone", "", ""},
		{"Aleksi Virtanen (Saimaa Forest Tech) - demo was on nov 16. a couple of vms and 1 email since, the email went out yesterday.", "Aleksi Virtanen", "Saimaa Forest Tech", 3, 20, "email", "", ""},
		// On a tie, the side pasted without an address is the rep's own mailbox.
		{"From: Leonie Brandt <l.brandt@nordseewind.de>\nSent: Monday, November 16, 2026 5:58 PM\nTo: Marta Kowalski\nSubject: RE: Follow-up call\nHi Marta, sorry, can we push our Wednesday call to next week? Crazy week here.\nFrom: Marta Kowalski\nSent: Tuesday, November 17, 2026 8:30 AM\nSubject: RE: Follow-up call\nOf course! How about Tue 24 Nov, 10:00?\n(no reply since.)", "Leonie Brandt", "Nordsee Wind", 1, 20, "email", "", ""},
		// A teammate reaching the prospect, or booking the meeting, is no prospect.
		{"the procurement lady at Northwind Utilities (forgot her name) has gone dark. we had the final presentation nov 16. Jules emailed her nov 24, i called dec 1 no answer.", "", "Northwind Utilities", 2, 20, "phone", "", ""},
		{"- Wei Ling Goh, Straits Marine Engineering (SG)\n- Leah booked the discovery, held nov 16\n- sent the recap nov 17, called nov 24 (no answer), li msg dec 1\n- zero replies since discovery", "Wei Ling Goh", "Straits Marine Engineering", 3, 20, "linkedin", "", ""},
		// One word in brackets after an account is its town, not a person.
		{"so the facilities team at St. Columba's University (Edinburgh). the guy who ran the eval went silent after the eval readout on nov 16. we've emailed him 3 times since.", "", "St. Columba's University", 3, 20, "email", "", ""},
		// A dated list naming each day's channel: every day a send, the last channel the latest.
		{"demo with Olumide Adebayo (Sahel Agro) on nov 16. followed up nov 20 by email, nov 26 on whatsapp, dec 2 by phone (his PA picked up). still nothing.", "Olumide Adebayo", "Sahel Agro", 3, 20, "phone", "", ""},
		// "^ last email in the thread. also rang her office": the rep's aside under the paste.
		{"From: Rebecca Hughes <r.hughes@thamesviewha.org.uk>\nSent: 16 November 2026 11:20\nTo: Dana Reyes\nSubject: RE: Proposal\nThanks Dana. Can you confirm whether the price includes the tenant app?\nFrom: Dana Reyes\nSent: 17 November 2026 14:02\nSubject: RE: Proposal\nYes it does! Happy to walk your team through it.\n^ last email in the thread. also rang her office on 1 dec, receptionist took a message.", "Rebecca Hughes", "Thamesviewha", 2, 20, "phone", "", ""},
		// Counted items of one list are each their own sends.
		{"• who: Thandiwe Nkosi, Group Risk Manager, Ubuntu Retail Holdings\n• last convo: 16 nov, on-site in Sandton\n• since: 1 proposal email (17/11), 1 f/u email (24/11), 1 whatsapp (1/12)", "Thandiwe Nkosi", "Ubuntu Retail Holdings", 3, 20, "text", "", ""},
		// A bulleted list of dated items: a deliverable opening it and an unanswered call are sends.
		{"- Wei Ling Goh, Straits Marine Engineering (SG)\n- last convo: discovery nov 16\n- recap nov 17, call nov 24 (no answer), email nov 28, li dec 1\n- zero replies since", "Wei Ling Goh", "Straits Marine Engineering", 4, 20, "linkedin", "", ""},
		// "last touch was a call on friday" after counted sends is the rep's latest send, not an answer.
		{"regional bank, CISO's office. had a great workshop with them on nov 16. since then we sent four emails and made two calls (both vm). last touch was a call on friday.", "", "", 6, 20, "phone", "", ""},
		// A sequence export pasted from a spreadsheet: tab-separated rows, the step first.
		{"here's the outreach seq for Kenji Watanabe @ Tidewater Analytics. he replied to step 2 then nothing (US dates)\nStep\tDate\tType\tStatus\n1\t11/09/2026\tEmail\tDelivered\n2\t11/16/2026\tEmail\tReplied - \"interesting, send me pricing\"\n3\t11/17/2026\tEmail\tSent pricing\n4\t11/24/2026\tLinkedIn\tMessage sent\n5\t12/02/2026\tPhone\tLeft voicemail", "Kenji Watanabe", "Tidewater Analytics", 3, 20, "phone", "", ""},
		// A German legal form written lower case first ("eG", "e.V.") ends the company's name.
		{"Lena Hoffmann (Alpenmilch eG) hasn't replied since our call on nov 16. 5 emails. stop?", "Lena Hoffmann", "Alpenmilch eG", 5, 20, "email", "", ""},
		// "(Org, Town)": a department word inside an organization's name ("Facilities", "Logistics") does not make the brackets a title.
		{"call with Noor Haddad (Gulf Horizon Facilities, Dubai) on nov 20, two emails since, nothing back.", "Noor Haddad", "Gulf Horizon Facilities", 2, 16, "email", "", ""},
		// A department word before "lead" makes a title: "procurement lead at …".
		{"Ondine Marlow, compliance lead at Serra Têxtil. Our call on nov 20 went well, then nothing. I emailed her twice since.", "Ondine Marlow", "Serra Têxtil", 2, 16, "email", "", ""},
		// A legal form written with dots ends the company, even before a capitalized word.
		{"Tomás Pereira at Vinhos do Douro S.A. Three emails since the nov 16 demo, no answer.", "Tomás Pereira", "Vinhos do Douro S.A.", 3, 20, "email", "", ""},
		{"Paula Kowal (Baltic Timber Sp. z o.o.) went quiet after the nov 16 call; 2 emails since.", "Paula Kowal", "Baltic Timber Sp. z o.o.", 2, 20, "email", "", ""},
		// "de" before a company with its legal form joins the person to it.
		{"Lucía Fernández de Aceites Sur S.L. stopped answering after the demo on nov 16. Sent 2 emails.", "Lucía Fernández", "Aceites Sur S.L.", 2, 20, "email", "", ""},
		// Heads of an author and a day after a bullet or a comma; "LI" above names the app.
		{"LI chat with Carmen Ortiz (Lumen Foods):\n\nCarmen Ortiz • Nov 10\nThanks, will look at it after our board.\n\nYou • Nov 17\nHi Carmen, one more idea.\n\nYou • Nov 27\nCarmen, a short case study.", "Carmen Ortiz", "Lumen Foods", 2, 26, "linkedin", "", ""},
		{"InMail thread with Piotr Zielinski (Vistula Foods):\n\nPiotr Zielinski, Nov 10\nThanks, send me the deck.\n\nMe, Nov 12\nHere's the deck.\n\nMe, Nov 24\nOne more data point.", "Piotr Zielinski", "Vistula Foods", 2, 26, "linkedin", "", ""},
		// A head may say it is the rep's ("Omar (me)") and how its message went ("(email)").
		{"Noura Saleh (Head of Ops, Qamar Logistics) replied to our SDR and then went silent:\n\nNoura Saleh · Nov 2 (LinkedIn)\nSure, show me a demo.\n\nOmar (me) · Nov 5 (email)\nHi Noura, a few slots.\n\nOmar (me) · Nov 16 (email)\nHi Noura, do any work?", "Noura Saleh", "Qamar Logistics", 2, 34, "email", "", ""},
		{"Luca Bianchi (me) · Nov 5\nSlots for the demo attached.\n\nPriya Raman · Nov 6\nThanks, will check with the team.\n\nLuca Bianchi (me) · Nov 16\nAny news from the team?\n\nLuca Bianchi (me) · Nov 25\nOne more idea for the pilot.", "Priya Raman", "", 2, 30, "linkedin", "", ""},
		// Sends listed bare after "Since then:" with each one's day and what went with it, or after "I've done".
		{"Noah Berg at Tallis Labs said on the phone on Nov 25 he'd sign. Since then: an email on Thursday with the contract and a text on Monday. Nothing.", "Noah Berg", "Tallis Labs", 2, 11, "text", "", ""},
		{"Quiet since Nov 16: Maren Olsen (Fjord Freight). I've done LinkedIn (Nov 20), email (Nov 25), email (Dec 1).", "Maren Olsen", "Fjord Freight", 3, 20, "email", "", ""},
		// A CRM log's "Email sent:" or "Emailed:" after a stamp is the activity, not a chat's speaker.
		{"CRM export — Contact: Ilse Brandt (Kora Foods)\n2026-11-10 14:00  Meeting held: Demo\n2026-11-12 09:10  Email received: Ilse — \"send pricing\"\n2026-11-13 10:00  Email sent: Pricing\n2026-11-20 15:40  Call: No answer\n2026-11-27 11:12  Call: Left voicemail\n2026-12-02 09:30  Email sent: Questions?", "Ilse Brandt", "Kora Foods", 4, 24, "email", "", ""},
		{"[2026-11-10 14:10] Call with Rafa Lima (Ops, Porto Bikes) - wants a trial\n[2026-11-11 09:00] Sent trial link by email\n[2026-11-18 09:30] Emailed: how's the trial?\n[2026-11-25 16:45] Texted Rafa\n[2026-12-01 11:20] Texted Rafa again", "Rafa Lima", "Porto Bikes", 4, 26, "text", "", ""},
		// "Jun 18" in the sentence is a day, not someone called Jun, so "he answered" is the prospect's.
		{"Sven Ek (Norr Logistik): first call Jun 2. Then Jun 4 email with pricing, Jun 11 email, Jun 24 phone and he answered, still comparing. Jun 30 I emailed a comparison. Nothing since.", "Sven Ek", "Norr Logistik", 1, 165, "email", "", ""},
		// Counted items of one list each count, past an item of another channel.
		{"Kenji Aoki / Sora Parts gone quiet\nlast reply: Nov 6\ntouches since: 1 email (Nov 13), 1 LI (Nov 20), 1 email (Nov 27)", "Kenji Aoki", "Sora Parts", 3, 30, "email", "", ""},
		// "…, who went quiet" marks the one who went quiet, past a champion named first.
		{"Our champion at Norfield Foods, Lena Berg, still answers me. It's her boss, the CFO Tomas Ek, who went quiet after the pricing call on Nov 16. I emailed him twice since.", "Tomas Ek", "Norfield Foods", 2, 20, "email", "", ""},
		// The silence's length as an item of its own after "ghosted by".
		{"ghosted by Priti @ Lakeside Dairy Co, 2 weeks, 1 email", "Priti", "Lakeside Dairy Co", 1, 14, "email", "", ""},
		// Someone else's recent reply is not the prospect's: "he" after another name is that person.
		{"Jonas Weber (our champion) is still responsive, he replied yesterday. The problem is his CFO, Dr. Petra Lang, who has to sign. We met her once, on Nov 16. Since then I emailed her twice.", "Petra Lang", "", 2, 20, "email", "", ""},
		// "Acct:" labels the account; "X — contact Y" opens with the account.
		{"- Acct: Harbor Lane\n- Contact: Mia Ross (ops mgr); her boss Tom Hale was on the first call\n- last call Nov 16, 2 emails since", "Mia Ross", "Harbor Lane", 2, 20, "email", "", ""},
		{"Brightwave — contact Omar Said. Call on Nov 16 went well, emailed him twice since. Nothing.", "Omar Said", "Brightwave", 2, 20, "email", "", ""},
		// A legal form in lower case ("plc") ends the company; "SE" after a name is a European company, not a sales engineer.
		{"Hannah Cole, Lumen Foods plc. quiet since our Nov 16 call, 2 emails since.", "Hannah Cole", "Lumen Foods plc", 2, 20, "email", "", ""},
		{"Already sent Karl Brandt (Nordwerk SE) 2 emails since his reply on Nov 16.", "Karl Brandt", "Nordwerk SE", 2, 20, "email", "", ""},
		// A full name, then its organization set off on its own by a comma or "·".
		{"Leila Haddad, Gulf Ports NBD - radio silence since our Nov 16 workshop. emailed her twice", "Leila Haddad", "Gulf Ports NBD", 2, 20, "email", "", ""},
		{"Pierre Lemaire · Vantor. We spoke on Nov 16, two emails since, nothing back.", "Pierre Lemaire", "Vantor", 2, 20, "email", "", ""},
		{"We are pitching migration services to Kaveri Auto Parts, Chennai. Key person is Mr. Karthik Iyer, GM-IT. Meeting on Nov 16 at their plant, two emails since.", "Karthik Iyer", "Kaveri Auto Parts", 2, 20, "email", "", ""},
		// Teams' copy: the author (a guest marked "(Extern)") and a day-first dotted stamp.
		{"Jonas Meier (Extern) 10.11.2026 16:40\nDanke für die Demo, ich melde mich.\nNina Keller 17.11.2026 09:10\nHallo Jonas, hier das Factsheet.\nNina Keller 24.11.2026 08:30\nJonas, wäre ein kurzer Call sinnvoll?", "Jonas Meier", "", 2, 26, "text", "", ""},
		// A dialer log's "Outbound call · 0:00 · No answer" is an activity, not a LinkedIn head.
		{"Close.com – Pine Ridge Farms / Dale Moss\nDec 1  Outbound call · 0:00 · No answer\nNov 24  Outbound email · \"Re: sensors\"\nNov 18  Inbound email · Dale Moss: \"Let me think, back to you next week\"\nNov 10  Outbound call · 24:12 · Dale Moss", "Dale Moss", "Pine Ridge Farms", 2, 18, "phone", "", ""},
		// A CRM timeline's "Yesterday" and "Today" columns date their entries; a task not done is no touch.
		{"Contact: Ana Kovač | Account: Rijeka Port d.o.o.\nToday        Task: call Ana (not done yet)\nYesterday    Email sent: \"Checklist\"\nNov 28       Email sent: \"Recap\"\nNov 27       Email received: Ana - \"send the recap\"", "Ana Kovač", "Rijeka Port d.o.o.", 2, 9, "email", "", ""},
		// A teammate writing from the rep's own domain is on the rep's side; a shared webmail domain is not.
		{"Ines went quiet, my SDR Pedro also tried. pasting:\n\nFrom: Ines Duarte <ines.duarte@verdemar.pt>\nDate: Mon, Nov 16, 2026 at 10:14 AM\nSubject: Re: Pilot\n\nGostei da proposta, send me the numbers.\n\nFrom: Tiago Alves <tiago@fluxa.com.br>\nDate: Mon, Nov 23, 2026 at 9:00 AM\nSubject: Re: Pilot\nHi Ines, the numbers attached.\n\nFrom: Pedro Lima <pedro@fluxa.com.br>\nDate: Mon, Nov 30, 2026 at 2:31 PM\nSubject: Re: Pilot\nHi Ines, Pedro here, I work with Tiago. 20 minutes next week?", "Ines", "Verdemar", 2, 20, "email", "", ""},
		{"Ana went quiet. pasting, Rui is her outside consultant:\n\nFrom: Ana Lopes <ana@casalopes.pt>\nDate: Mon, Nov 16, 2026 at 10:14 AM\nSubject: Re: Pilot\n\nSend me the numbers.\n\nFrom: Joao Reis <joao.reis.sales@gmail.com>\nDate: Mon, Nov 23, 2026 at 9:00 AM\nSubject: Re: Pilot\nHi Ana, the numbers attached.\n\nFrom: Rui Matos <rui.matos.consult@gmail.com>\nDate: Wed, Nov 25, 2026 at 2:31 PM\nSubject: Re: Pilot\nJoao, I will look at them with Ana.", "Ana", "Casalopes", 1, 20, "email", "", ""},
		// "Acct: X / Person": the account, then its person.
		{"Acct: Kestrel Foods / Maria Olsen\nNov 16 she called me back, asked for a revised quote.\nNov 20 sent revised quote (email). Nov 30 f/u email. nothing since.", "Maria Olsen", "Kestrel Foods", 2, 20, "email", "", ""},
		// A rep's message that tells of a call that did not reach them is a touch of its own beside the message.
		{"From: Kyle Brennan\nSent: Tuesday, December 1, 2026 3:20 PM\nTo: Mike Dolan\nSubject: RE: quote\n\nMike - tried calling you today and left a voicemail, so dropping a line here too.\n\nFrom: Mike Dolan <mdolan@harborrentals.com>\nSent: Monday, November 16, 2026 1:05 PM\nTo: Kyle Brennan\nSubject: RE: quote\nKyle, got it. Will review next week.", "Mike", "Harbor Rentals", 2, 20, "email", "", ""},
		// A count of none names no channel: "called 3 times, 0 emails" went by phone.
		{"Prospect: Omar Saleh, Oasis Hotels LLC\nLast convo: site visit on Nov 16\nSince then: called 3 times (no vm left), 0 emails", "Omar Saleh", "Oasis Hotels LLC", 3, 20, "phone", "", ""},
		// A day after "and called" is the call's, not the email's before it.
		{"Dev Kapoor (Indus Looms) said on our Nov 16 call he'd loop in finance. I emailed the same day (\"great chat, here's the summary\") and called Nov 30, voicemail.", "Dev Kapoor", "Indus Looms", 2, 20, "phone", "", ""},
		// A shared inbox ("hello@") under a company's name: no one to greet, and whom it greets is the rep.
		{"no person's name on this one, just their shared inbox. after their reply below I sent the proposal Nov 20, then a follow-up Nov 30. zero.\n\nOn Mon, Nov 16, 2026 at 1:12 PM Harbor Bakery Co <hello@harborbakery.com> wrote:\n> Hi Sam, thanks for reaching out! We'd love to see a proposal.", "", "Harbor Bakery Co", 2, 20, "email", "", ""},
		// Nothing sent since, said in other words.
		{"• Prospect: Wei Tan (Head of Talent), Lumina Pay\n• Last reply: 16/11 - \"let's revisit in January\"\n• My touches since: none", "Wei Tan", "Lumina Pay", 0, 20, "", "", ""},
		{"- Prospect: Freja Lind @ Nordljus AB\n- Last reply: her email on Nov 16 (\"we'll decide after the board meeting\")\n- My f/u: none yet", "Freja Lind", "Nordljus AB", 0, 20, "", "", ""},
		{"My prospect is Mr. Julien Roux of Groupe Lavande. Last time he answer me was the 16 November. Since, I have send nothing.", "Julien Roux", "Groupe Lavande", 0, 20, "", "", ""},
		{"Sophie Lenoir (Maison Rose) wrote on Nov 16 that she'd come back to me after their board meets. I haven't written since.", "Sophie Lenoir", "Maison Rose", 0, 20, "", "", ""},
		{"Ana Sousa (Pastelaria Sol) replied Nov 16, said call me after the audit. havent done anything since her reply", "Ana Sousa", "Pastelaria Sol", 0, 20, "", "", ""},
		// What the prospect ignored was sent: "She's ignored 3 emails".
		{"Should I call Priya? (Lakeside Dental) She's ignored 3 emails since our call on Nov 16.", "Priya", "Lakeside Dental", 3, 20, "email", "", ""},
		{"Tom Reyes at Brightcast has ignored my 2 emails since the demo on Nov 16.", "Tom Reyes", "Brightcast", 2, 20, "email", "", ""},
		// "►" opens a dated bullet like "-" or "•".
		{"► Omar Aziz - Nile Freight, Cairo office\n► 16 Nov: on our call he said \"send me something in writing\"\n► 17 Nov: sent the write-up (email)\n► 24 Nov: LI InMail", "Omar Aziz", "Nile Freight", 2, 20, "linkedin", "", ""},
		// "the next day" dates a send as "that afternoon" does.
		{"Bea Moura (Castell Hotels) and I had a good call on Nov 16 and she asked for a proposal, which I emailed the next day. I followed up by email on Monday.", "Bea Moura", "Castell Hotels", 2, 20, "email", "", ""},
		// A From line that says its sender is on the rep's team: their message counts too.
		{"From: Paul Dunne <pdunne@liffeyhomes.ie>\nSent: Monday, November 16, 2026 4:22 PM\nTo: Aoife Byrne\nSubject: RE: walkthrough\n\nThanks Aoife, useful session. Let's talk again after our review.\n\nFrom: Aoife Byrne\nSent: Monday, November 23, 2026 9:30 AM\nTo: Paul Dunne\nSubject: RE: walkthrough\n\nThanks Paul! A short benchmark, no need to reply.\n\nFrom: Niall Kerr (SDR, on my team)\nSent: Monday, November 30, 2026 10:15 AM\nTo: Paul Dunne\nSubject: RE: walkthrough\n\nHi Paul, Niall from Aoife's team. Would a 15-min slot suit?", "Paul", "Liffey Homes", 2, 20, "email", "", ""},
		// Hugo is a given name.
		{"Hugo runs a three-shop bakery chain. He answered my first email on Nov 16 with questions. Since then I emailed twice, crickets.", "Hugo", "", 2, 20, "email", "", ""},
		// How long, told as "3 weeks and no reply" or "ghosting me 6 wks".
		{"3 weeks and no reply from Dr. Chidi Obi at Lagos Teaching Hospital. 2 f/u emails so far, should I try a 3rd?", "Chidi Obi", "Lagos Teaching Hospital", 2, 21, "email", "", ""},
		{"Olly Smith, Aviva plc. ghosting me 6 wks. 2 emails, then 1 LinkedIn msg (most recent).", "Olly Smith", "Aviva plc", 3, 42, "linkedin", "", ""},
		// A log line spoken by a teammate by role ("SDR Ben:") is the rep side's, and says how it went.
		{"Outreach log  Aurora Vet Partners\nContact: Megan Lu, COO\n11/06  Discovery (me + Megan): held\n11/10  SDR Ben: email recap\n11/18  Me: email w/ ROI calc\n11/25  SDR Ben: call, left voicemail", "Megan Lu", "Aurora Vet Partners", 3, 30, "phone", "", ""},
		// A labelled count with a comma after it: "Follow-ups since: 2, can't remember…".
		{"Deal review notes  Cobalt Ridge Mining\nContact: Ellen Frost\nLast conversation: Nov 16 (QBR)\nFollow-ups since: 2, can't remember if they were email or LinkedIn", "Ellen Frost", "Cobalt Ridge Mining", 2, 20, "", "", ""},
		// "It would be my third email": two went out before it.
		{"About to send this to Hugo Brandt (Brandt Optik AG), he's been quiet since our demo on Nov 16. It would be my third email. Or should I call instead?", "Hugo Brandt", "Brandt Optik AG", 2, 20, "email", "", ""},
		{"this'll be my 4th follow-up to Rina Sato (Kumo Labs) since our Nov 16 call, should I send it?", "Rina Sato", "Kumo Labs", 3, 20, "email", "", ""},
		// Second-language present tense: "I try call on … but nobody pick up".
		{"The client Mr. Kenji Mori from Sakura Denki K.K. not answer me since 16 November when we make the video meeting. After this I send him 1 email on 20 November, and I try call on 30 November but nobody pick up.", "Kenji Mori", "Sakura Denki K.K.", 2, 20, "phone", "", ""},
		// A bare list after a longer "since the … call:" label, "em" for email; a note still being weighed is no send.
		{"Ngozi Eze — Lagoon Bank. f/u count since the Nov 16 call: em, em, LI. vm'd today too, so that's the latest. I'm thinking one last note then stop?", "Ngozi Eze", "Lagoon Bank", 4, 20, "phone", "", ""},
		// Prose that dates a conversation after the thread's last message: days count from the conversation.
		{"Jakub from Nordhaus. we emailed back and forth, then had a call on Nov 24 (went well!). I sent the recap below the next day + a bump, nothing since\n\nFrom: Ewa Zajac <ewa@stocksense.pl>\nSent: Tuesday, December 1, 2026 10:20 AM\nTo: Jakub Nowak <jakub.nowak@nordhaus.pl>\nSubject: FW: Recap\n\nHi Jakub, bumping this in case it slipped.\n\nFrom: Ewa Zajac <ewa@stocksense.pl>\nSent: Wednesday, November 25, 2026 9:00 AM\nTo: Jakub Nowak <jakub.nowak@nordhaus.pl>\nSubject: Recap\n\nThanks for the call, recap below.\n\nFrom: Jakub Nowak <jakub.nowak@nordhaus.pl>\nSent: Monday, November 16, 2026 4:48 PM\nTo: Ewa Zajac\nSubject: RE: Intro\n\nSure, let's do a call.", "Jakub", "Nordhaus", 2, 12, "email", "", ""},
		// Sends joined by "then" or "+" are each their own: "emailed then left a vm", "vm x2 + linkedin dm".
		{"no response from Derek for 3 weeks. emailed then left a vm last week", "Derek", "", 2, 21, "phone", "", ""},
		{"ugh Sven from Fjordline went silent after saying yes on Nov 16. vm x2 + linkedin dm after", "Sven", "Fjordline", 3, 20, "linkedin", "", ""},
		{"Tom Price (Cardiff Analytics) went quiet after our call on Nov 16. I emailed him on Nov 23 and pinged him on Nov 30 on LinkedIn.", "Tom Price", "Cardiff Analytics", 2, 20, "linkedin", "", ""},
		// "I asked feedback by Zalo 15/11 and 25/11": a question sent by a named channel is a send.
		{"Customer Mr. Tran Duc from Saigon Pack JSC. We met 16/11 at his factory. I asked feedback by Zalo 23/11 and 30/11, he has seen but no reply.", "Tran Duc", "Saigon Pack JSC", 2, 20, "text", "", ""},
		// The longest dotted legal form, one joined by "de", abbreviated
		// words in a row, and the same inside brackets.
		{"Omar hasn't replied since the Nov 16 demo. Two emails since. Nile Valley Foods S.A.E.", "Omar", "Nile Valley Foods S.A.E.", 2, 20, "email", "", ""},
		{"Lucía Ramos – Aceros del Norte S.A. de C.V. – no reply since the Nov 16 demo, 3 emails.", "Lucía Ramos", "Aceros del Norte S.A. de C.V.", 3, 20, "email", "", ""},
		{"Texted Arjun twice since the Nov 16 demo, nothing. Pune Polymers Pvt. Ltd.", "Arjun", "Pune Polymers Pvt. Ltd.", 2, 20, "text", "", ""},
		{"No answer from Khalid Nasser (Gulf Marine Services Co. W.L.L.) since the Nov 16 demo. 2 calls since.", "Khalid Nasser", "Gulf Marine Services Co. W.L.L.", 2, 20, "phone", "", ""},
		{"Zeynep (Anadolu Kimya A.Ş.) has been quiet since the Nov 16 demo; I emailed her once.", "Zeynep", "Anadolu Kimya A.Ş.", 1, 20, "email", "", ""},
		// A teammate's send adds to the rep's own count.
		{"Dana at Corvid Labs went quiet after the Nov 16 demo. My VP Mike emailed her directly on Monday, after I'd sent her 2 emails.", "Dana", "Corvid Labs", 3, 20, "email", "", ""},
		// "That's the 3rd call" is the calls so far.
		{"Sent Tomasz at Vistula Freight 1 email on the 20th. Rang him again this morning, no answer. That's the 3rd call since the Nov 16 demo.", "Tomasz", "Vistula Freight", 4, 20, "phone", "", ""},
		// A French speaker's "relaunch", and a second count joined by "and" with its own channel after it.
		{"My prospect Camille from Maison Verdier don't answer since the Nov 16 demo. I relaunch her 2 times by mail and after 1 time by LinkedIn.", "Camille", "Maison Verdier", 3, 20, "linkedin", "", ""},
		// Told last is not sent last: the times decide.
		{"Left a voicemail for Aisha at Cedar Hotels this morning. Before that I'd emailed her on the 1st and the 3rd. Our last proper talk was the Nov 16 demo.", "Aisha", "Cedar Hotels", 3, 20, "phone", "", ""},
		// A meeting held after the prospect's reply is the last contact.
		{"Emily replied on Nov 10 to confirm the workshop; the workshop happened Nov 16 (went well!). Since then: emails Nov 23 and Nov 30. Birchwood Academy Trust.", "Emily", "Birchwood Academy Trust", 2, 20, "email", "", ""},
		// "guy at X" is no one's name; the name in brackets is.
		{"guy at Meridian Health Partners LLP (Simon Okoye) went quiet after our call on Nov 16. I sent one email Nov 23.", "Simon Okoye", "Meridian Health Partners LLP", 1, 20, "email", "", ""},
		// The last one's channel said bare, and a channel said to be the only one.
		{"Ana Pérez – Textiles Bajío – no reply since the Nov 16 demo. 5 f/ups. Last one LI.", "Ana Pérez", "Textiles Bajío", 5, 20, "linkedin", "", ""},
		{"LI only so far: connected w/ Tobias Reinholt after the Nov 16 demo, sent 3 DMs since, seen, no reply.", "Tobias Reinholt", "", 3, 20, "linkedin", "", ""},
		// Chat lines written author first, the day after: "Name — day: text"
		// and "Name dd-Mon hh:mm: text".
		{"text thread w/ Devon Campbell (Campbell Builders):\nDevon — Nov 16: Yeah man, send it over, I'll look tonight\nMe — Nov 16: here it is, proposal attached\nMe — Nov 24: morning Devon, you get a chance to look?\nMe — Dec 1: Devon, we can do a site demo Thursday if that's easier", "Devon Campbell", "Campbell Builders", 3, 20, "text", "", ""},
		{"SMS copy:\nTendai Moyo 16-Nov 16:20: Ok. Let me talk to the partners and come back\nMe 23-Nov 08:10: Morning Tendai, any feedback from the partners?\nMe 30-Nov 08:05: Tendai, we could start with the barns only", "Tendai Moyo", "", 2, 20, "text", "", ""},
		// "em" after a count is emails; one more send told as a bare noun
		// after "also".
		{"Tomas @ Nordvik went dark after the Nov 16 call. 3 em since. also LI msg mon. ugh", "Tomas", "Nordvik", 4, 20, "linkedin", "", ""},
		{"Priya went dark after the Nov 16 demo. 2 vm. 1 em. last was the email.", "Priya", "", 3, 20, "email", "", ""},
		// Legal forms in brackets, after a comma, with dots in two words,
		// and in lower case.
		{"Kandy Spice Exports (Pvt) Ltd, the owner's nephew Arjun is who I talked to on the Nov 16 call. 2 emails since.", "Arjun", "Kandy Spice Exports (Pvt) Ltd", 2, 20, "email", "", ""},
		{"Douro Cargas, Lda — Rui Almeida. Had him on a call Nov 16, then nothing. 2 emails since.", "Rui Almeida", "Douro Cargas, Lda", 2, 20, "email", "", ""},
		{"Frutas del Sur Cía. Ltda. — Marta Ruiz, COO. Great meeting Nov 16, I emailed her twice since.", "Marta Ruiz", "Frutas del Sur Cía. Ltda.", 2, 20, "email", "", ""},
		{"Hafbraut ehf. in Reykjavik: contact Sigrún Jónsdóttir. Good meeting Nov 16, emailed twice since.", "Sigrún Jónsdóttir", "Hafbraut ehf", 2, 20, "email", "", ""},
		{"Subject: Re: dryer quote\n\nHi Bartek, attaching the updated quote. Best, Emma\n\nOn Mon, 16 Nov 2026 at 14:32, Bartłomiej Nowak <b.nowak@agro-nowak.pl> wrote:\n> Hi Emma, good call today. Please send the 3-year option.\n> Bartłomiej Nowak\n> Agro-Nowak Sp. j.\n\n^ sent that on nov 20. silence.", "Bartłomiej Nowak", "Agro-Nowak Sp. j.", 1, 20, "email", "", ""},
		// The story points at who went quiet, past the champion named first.
		{"Need help w/ Halvard Clinic. My champion is nurse supervisor Joy Dizon, she's super responsive (texted me yesterday). The one gone quiet is their CFO, Ramon Villanueva. Met him + Joy on Nov 16. sent 2 emails since. Joy said he hates calls. Joy says he's building the budget now.", "Ramon Villanueva", "Halvard Clinic", 2, 20, "email", "", ""},
		// The account, a dash, then a full name set off by a comma.
		{"Agro Pampa S.R.L. — Joaquín Ferreyra, runs ops there. great call on Nov 16, sent the quote by email Nov 20, nada.", "Joaquín Ferreyra", "Agro Pampa S.R.L.", 1, 20, "email", "", ""},
		// A voice note's transcript in quotes is the rep telling it.
		{"Transcript: \"Okay so this is about Pieter, uh, Pieter Janssens at Brouwerij De Kroon NV. Last time he actually got back to me was, let me check, the sixteenth of November. Since then I've called him twice and sent one WhatsApp, the last one.\"", "Pieter Janssens", "Brouwerij De Kroon NV", 3, 20, "text", "", ""},
		// A form's blank is no one; a name's lower-case particle is part of it.
		{"Prospect: N/A (inbound form, no contact name). Company: Fjordline Analytics Oy. Demo on Nov 16, 2 emails to info@ since.", "", "Fjordline Analytics Oy", 2, 20, "email", "", ""},
		{"hubspot says:\nContact: Pieter de Vries · Company: Zeelandia Koeltechniek B.V.\nwe had the site visit on Nov 16. since then: emailed him Nov 23, called Dec 1, nothing.", "Pieter de Vries", "Zeelandia Koeltechniek B.V.", 2, 20, "phone", "", ""},
		// German partnership forms and "und" inside a name.
		{"Wolfgang Becker from Becker Maschinenbau GmbH & Co. KG went quiet after the Nov 16 meeting; I emailed him 3 times.", "Wolfgang Becker", "Becker Maschinenbau GmbH & Co. KG", 3, 20, "email", "", ""},
		{"the guy is Beat Zimmermann at Keller und Sohn AG. lunch Nov 16 went well, sent him the proposal the next day, nothing.", "Beat Zimmermann", "Keller und Sohn AG", 1, 20, "email", "", ""},
		{"hey bot. prospect = Tomasz Wróbel, Polmex Logistyka sp. z o.o. Great demo on Nov 16. Called twice since, no callback.", "Tomasz Wróbel", "Polmex Logistyka sp. z o.o.", 2, 20, "phone", "", ""},
		// A LinkedIn copy with the author and the day on lines of their own.
		{"she's at Hoshino Trading K.K., pasted from LI:\n\nAiko Tanaka\nNov 16\nThanks Jordan, this is interesting. Let me talk to my team and get back to you next week.\n\nJordan Reyes\nNov 23\nHi Aiko, hope the team chat went well!\n\nJordan Reyes\nDec 1\nAiko, no pressure at all.", "Aiko Tanaka", "Hoshino Trading K.K.", 2, 20, "linkedin", "", ""},
		// "Zero reply to this" over one pasted message: the rep's own.
		{"zero reply to this. had a great first mtg w/ him on Nov 16, he said send a proposal, I did the same day.\n\nFrom: Emil Strand\nSent: Monday, November 16, 2026 5:55 PM\nTo: Anders Holm\nSubject: Proposal\n\nHi Anders,\nThanks for the time today. As discussed, the proposal is attached.\nBest,\nEmil\n\nAnders Holm | Driftssjef | Holm Maskin AS", "Anders Holm", "Holm Maskin AS", 1, 20, "email", "", ""},
		// A Teams head with the stamp in brackets and the author after it,
		// the message on the next line.
		{"our Teams chat (he's at Quantix Analytics Inc):\n\n[11/16 3:04 PM] Ravi Shankar\nsounds good, send me the security answers and I'll pass to infosec\n[11/17 9:15 AM] You\nDone, answers attached\n[11/24 10:40 AM] You\nHi Ravi, did infosec have any questions?\n[12/1 4:02 PM] You\nHi Ravi, happy to jump on a call with infosec if easier.", "Ravi Shankar", "Quantix Analytics Inc", 3, 20, "text", "", ""},
		// A send said to come before the one told first is not the latest.
		{"called raj (Sunvera Solar Pvt Ltd) on friday, no answer. before that whatsapp'd him twice. his last msg to me was Nov 16.", "raj", "Sunvera Solar Pvt Ltd", 3, 20, "phone", "", ""},
		// The rep correcting the count just told.
		{"Isabela Duarte @ Ferraz & Cia Ltda went quiet after the pricing call on Nov 16. I've sent 4 emails... actually 5, forgot the one with the ROI calc.", "Isabela Duarte", "Ferraz & Cia Ltda", 5, 20, "email", "", ""},
		{"Derek Holm from Nordvik Marine AS, last call was Nov 16. I've sent him 2 emails since. wait actually 3, forgot the one with the case study.", "Derek Holm", "Nordvik Marine AS", 3, 20, "email", "", ""},
		// A tally of sends, then "0 replies".
		{"demo Nov 16 @ Helvetia Dental Lab SA, contact Luca Bernasconi. 3 emails. 1 call. 0 replies.", "Luca Bernasconi", "Helvetia Dental Lab SA", 4, 20, "phone", "", ""},
		// A day joined to a month's name; a chat with the day in brackets
		// first; the send named just before "that's the latest thing I sent".
		{"Zephyr Wind Services GmbH. talked to Greta in procurement on 16/nov for 20 min. called the main line 3x since. no luck.", "Greta", "Zephyr Wind Services GmbH", 3, 20, "phone", "", ""},
		{"Marcus Bell, Bell & Sons Roofing LLC. texts:\n\n(Nov 16) me: hey Marcus, good seeing you at the site. bid's in your inbox\n(Nov 16) Marcus: will look this wk\n(Nov 23) me: any qs on the bid?\n(Nov 30) me: marcus any word on the bid?", "Marcus Bell", "Bell & Sons Roofing LLC", 2, 20, "text", "", ""},
		{"rafael costa, Grupo Serra Verde Ltda. whatsapp convo, he went quiet. also emailed him once on dec 5 (that's the latest thing I sent)\n\n[16/11/26 10:12] Rafael Costa: Beleza, me manda a proposta\n[16/11/26 10:30] Eu: Mandei no seu e-mail\n[23/11/26 09:15] Eu: Oi Rafael, conseguiu ver a proposta?\n[30/11/26 14:40] Eu: Rafael, tudo bem?", "Rafael Costa", "Grupo Serra Verde Ltda", 4, 20, "email", "", ""},
		{"that's the only thing I sent after their factory visit (nov 16). nothing back.\n\nFrom: Thomas Becker\nSent: Wednesday, November 18, 2026 2:20 PM\nTo: Nguyen Thi Lan\nSubject: Thank you for visiting\n\nDear Ms. Lan,\nThank you and your team for visiting our factory. Attached is the sample schedule.\nKind regards,\nThomas", "Nguyen Thi Lan", "", 1, 20, "email", "", ""},
		// Bullets that name what went first and when after it.
		{"ugh Connor @ Tidewater Freight LLC\n- mtg nov 16 ✅\n- em nov 20 ❌\n- em nov 24 ❌\n- LI nov 27 ❌\n- vm dec 1 ❌", "Connor", "Tidewater Freight LLC", 4, 20, "phone", "", ""},
		// An app's icons before the day; the prospect's name however it is
		// spelled.
		{"Pipedrive · Agro Sul Ltda · Renata Lima\n📞 Dec 1 — Call — no answer\n📧 Nov 23 — Email sent: revised quote\n🤝 Nov 16 — Meeting — site visit, done", "Renata Lima", "Agro Sul Ltda", 2, 20, "phone", "", ""},
		{"Opp: Mahler Kältetechnik GmbH\n12/04/2026  Email (inbound) from Jürgen Mahler: \"Danke, wir melden uns nach der Messe.\"\n11/24/2026  Call outbound — voicemail\n11/16/2026  Email outbound — proposal v2", "Jürgen Mahler", "Mahler Kältetechnik GmbH", 0, 2, "", "", ""},
		// A CRM's "Opportunity:" label is no account.
		{"Activity History — Opportunity: Huber Bau GmbH – crane monitoring\nContact: Stefan Huber (Geschäftsführer)\nsite visit Nov 16, then I emailed him Nov 23 and called Dec 1, no answer.", "Stefan Huber", "Huber Bau GmbH", 2, 20, "phone", "", ""},
		// "No wait" that fixes a number or a day takes no name back.
		{"Mateo from Viñedos Los Andes SpA — last call was 2 wks ago — no wait, 3, it was Nov 16. I texted him twice since, nothing.", "Mateo", "Viñedos Los Andes SpA", 2, 20, "text", "", ""},
		// "Joao's gone silent": the "'s" is the verb's.
		{"Context: Joao (their CTO) is the buyer, Beatriz in finance signs. Ravi did the deep-dive with Joao on Nov 16. Since then Joao's gone silent. I emailed Nov 23 and Nov 30. Beatriz actually replied to our invoice question last week.", "Joao", "", 2, 20, "email", "", ""},
		// A negation before "X or Y" denies both.
		{"Gareth Pryce at Ceredigion County Council, great meeting on Nov 16. Nothing since. I haven't emailed or called since the meeting, was waiting for him.", "Gareth Pryce", "Ceredigion County Council", 0, 20, "", "", ""},
		// The app named on the line above a chat's messages.
		{"LI convo w/ Katarzyna Nowak (Mostostal Wrocław Sp. z o.o.)\nNov 16 — Katarzyna: Thanks for connecting! Sure, send some info.\nNov 17 — Me: Great! Here's a 2-min video\nNov 24 — Me: Hi Katarzyna, would a 20-min walkthrough make sense?\nDec 1 — Me: one more thought: we just added Polish reports.", "Katarzyna Nowak", "Mostostal Wrocław Sp. z o.o.", 3, 20, "linkedin", "", ""},
		// Heads of only an author and when, the app named above them.
		{"Telegram with Oksana (Lviv Agro):\n\nOksana  2026/11/12 10:20\nGood, I will show the offer to our director\n\nMe  2026/11/19 09:02\nHi Oksana, any news from the director?\n\nMe  2026/11/26 15:37\nOksana, a short note on delivery times.", "Oksana", "Lviv Agro", 2, 24, "text", "", ""},
		{"Mia Chen\nFri, 20 Nov 2026, 4:12 pm\nto me\nThanks, loved the demo. Send pricing?\n\nJo Park\nMon, 23 Nov 2026, 9:00 am\nto Mia\nHi Mia, pricing attached.\n\nJo Park\nMon, 30 Nov 2026, 9:10 am\nto Mia\nHi Mia, one idea for the pilot.", "Mia Chen", "", 2, 16, "email", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.story, func(t *testing.T) {
			f := Read(tt.story, now)
			if f.Prospect != tt.prospect || f.Company != tt.company {
				t.Errorf("names = %q at %q, want %q at %q", f.Prospect, f.Company, tt.prospect, tt.company)
			}
			if f.FollowUps != tt.followUps {
				t.Errorf("FollowUps = %d, want %d (%q)", f.FollowUps, tt.followUps, f.Sources.FollowUps)
			}
			if f.DaysSilent != tt.days {
				t.Errorf("DaysSilent = %d, want %d (%q)", f.DaysSilent, tt.days, f.Sources.DaysSilent)
			}
			if f.Channel != tt.channel {
				t.Errorf("Channel = %q, want %q", f.Channel, tt.channel)
			}
			if tt.dateKind != "" {
				found := false
				for _, d := range f.Dates {
					if d.Kind == tt.dateKind && d.When.Format("2006-01-02") == tt.dateWhen {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s on %s in %+v", tt.dateKind, tt.dateWhen, f.Dates)
				}
			}
		})
	}
}

func TestHolidays(t *testing.T) {
	loc := time.UTC
	for y, want := range map[int]string{2026: "2026-04-05", 2027: "2027-03-28", 2024: "2024-03-31"} {
		if got := easter(y, loc).Format("2006-01-02"); got != want {
			t.Errorf("easter(%d) = %s, want %s", y, got, want)
		}
	}
	now := time.Date(2026, 10, 5, 0, 0, 0, 0, loc)
	for story, want := range map[string]int{
		"Renée went silent right after Labor Day.":             28, // Sep 7, 2026
		"Nothing since before Memorial Day from Dana at Acme.": 133,
		"She went quiet after Easter, no reply since.":         183,
	} {
		if got := Read(story, now).DaysSilent; got != want {
			t.Errorf("%q: days silent %d, want %d", story, got, want)
		}
	}
}

// TestTakeBacks: what the rep takes back in the same breath is nobody.
func TestTakeBacks(t *testing.T) {
	for story, want := range map[string][2]string{
		"Marcus Lee, VP Finance at Brightline... no wait wrong deal. Mine is Hollis Grant, VP Finance at Carver Biologics. 14 days silent, 2 emails.": {"Hollis", "Carver Biologics"},
		"Emeka, head of IT at Lekki... sorry, Ikeja Cement. no reply to my 2 mails":                                                                   {"Emeka", "Ikeja Cement"},
	} {
		f := Read(story, now)
		if f.FirstName() != want[0] || f.Company != want[1] {
			t.Errorf("%q: read %q at %q, want %q at %q", story, f.FirstName(), f.Company, want[0], want[1])
		}
	}
}
