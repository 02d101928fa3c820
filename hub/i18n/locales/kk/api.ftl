# REST API-дің өз мәселелері.
problem-bad-request-title = Сұранысты оқу мүмкін емес
problem-bad-json = Сұраныс денесі бұл әдіс күтетін JSON емес ({ $reason }). API сипаттамасында аталған өрістері бар JSON нысанын және Content-Type: application/json тақырыбын жіберіңіз.
problem-invalid-code-title = Таңбалау коды жарамсыз
problem-code-too-long = Код { $max } таңбадан ұзын, мұндай таңбалау кодтары болмайды. Кодты ғана, сканерленген күйінде жіберіңіз.
